// `llmcost scale`: compute-optimal N and D under the scaling laws, a config's budget check, and
// the IsoFLOP view (table or SVG chart).
#include <memory>
#include <optional>
#include <sstream>

#include "llmcost/analysis/scaling_law.h"
#include "llmcost/config.h"
#include "llmcost/model_report.h"
#include "llmcost/scaling_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

constexpr const char* kScaleDescription =
    "Backward analysis: from a compute budget C (FLOPs) to the compute-optimal parameters N and "
    "tokens D under published scaling laws, with C = 6ND.\n"
    "  --compute C                 each law's optimal N, D, D/N and loss for C\n"
    "  --params N                  the D and C that make N compute-optimal\n"
    "  --params N --tokens D       the loss at (N, D) and its distance from optimal\n"
    "  MODEL --compute C           (MODEL: a config, a directory or a Hub id; also\n"
    "                              --model_config FILE)\n"
    "                              tokens C buys at the model's exact training FLOPs per token\n"
    "  --isoflop --compute C [MODEL...]\n"
    "                              loss against N along the budget; --format svg draws it\n"
    "Laws (--law, default all; --isoflop default epoch): chinchilla (Hoffmann et al. 2022 "
    "Approach 3, the paper's rounded constants), chinchilla-unrounded, chinchilla-approach1, "
    "chinchilla-approach2, epoch (Besiroglu et al. 2024 refit), kaplan (Kaplan et al. 2020, "
    "non-embedding N), tokens20; every report also gives DeepSeek LLM's optimal batch size "
    "and learning rate for the budget.\n"
    "Why chinchilla says ~93 tokens/param and not ~20: the rounded Approach-3 constants "
    "(alpha 0.34, beta 0.28) tilt the closed-form optimum towards data (D/N = 93 at 5.76e23 "
    "FLOPs); the unrounded constants give ~59, and Approaches 1/2 and Epoch's refit ~20.";

struct ScaleOptions {
  std::string law;
  std::vector<std::string> compute;
  std::string params;
  std::string tokens;
  bool isoflop = false;
  SharedFlags shared;  // models (budget check, IsoFLOP markers) and output
};

// The laws --law names ("all" or one id); unknown ids are a bad value (exit 2, did-you-mean).
Result<std::vector<const ScalingLaw*>> SelectLaws(const std::string& id) {
  std::vector<const ScalingLaw*> laws;
  if (id == "all") {
    for (const ScalingLaw& law : ScalingLaws()) {
      laws.push_back(&law);
    }
    return laws;
  }
  Result<const ScalingLaw*> law = FindScalingLaw(id);
  if (!law.ok()) {
    return InvalidArgumentError("--law: " + law.status().message());
  }
  laws.push_back(*law);
  return laws;
}

Result<std::vector<ModelAnalysis>> LoadModels(const SharedFlags& flags, const Workload& workload,
                                              const Streams& streams) {
  std::vector<ModelAnalysis> models;
  for (const std::string& source : Sources(flags)) {
    LLMCOST_ASSIGN_OR_RETURN(Architecture arch, LoadSource(source, flags, streams));
    LLMCOST_ASSIGN_OR_RETURN(ModelAnalysis m, AnalyzeModel(std::move(arch), workload));
    models.push_back(std::move(m));
  }
  return models;
}

int RunIsoFlop(const ScaleOptions& o, const Workload& workload, const std::vector<double>& budgets,
               Streams& streams) {
  std::vector<const ScalingLaw*> laws;
  if (o.law == "all") {  // every law with a loss, one chart each
    for (const ScalingLaw& law : ScalingLaws()) {
      if (law.loss_form != LossForm::kNone) {
        laws.push_back(&law);
      }
    }
  } else {
    Result<std::vector<const ScalingLaw*>> selected = SelectLaws(o.law.empty() ? "epoch" : o.law);
    if (!selected.ok()) {
      return UsageFail(streams, selected.status().message());
    }
    laws = *selected;
  }
  Result<std::vector<ModelAnalysis>> models = LoadModels(o.shared, workload, streams);
  if (!models.ok()) {
    return Fail(streams, models.status());
  }
  std::vector<IsoFlopView> views;
  for (const ScalingLaw* law : laws) {
    for (double compute : budgets) {
      Result<IsoFlopView> view = BuildIsoFlopView(*law, compute, *models);
      if (!view.ok()) {  // a function of the flags alone (the law, the budget)
        return UsageFail(streams, view.status().message());
      }
      views.push_back(std::move(view).value());
    }
  }
  return EmitReport(BuildIsoFlopReport(views), o.shared.output, kChartFormats, streams);
}

int RunScale(const ScaleOptions& o, Streams& streams) {
  const std::vector<std::string> model_sources = Sources(o.shared);
  Result<Workload> workload = ToWorkload(o.shared);
  if (!workload.ok()) {
    return UsageFail(streams, workload.status().message());
  }
  Result<OutputFormat> format = ResolveFormat(o.shared.output, kChartFormats);
  if (!format.ok()) {
    return UsageFail(streams, format.status().message());
  }
  if (!o.tokens.empty() && o.params.empty()) {
    return UsageFail(streams, "--tokens needs --params (the loss at N parameters and D tokens)");
  }
  if (o.compute.size() > 1 && !o.isoflop) {
    return UsageFail(streams, "several --compute budgets need --isoflop (one curve each)");
  }
  if ((o.isoflop || !model_sources.empty()) && o.compute.empty()) {
    return UsageFail(streams,
                     std::string(o.isoflop ? "--isoflop" : "a model") + " needs --compute C");
  }
  if (!o.compute.empty() && !o.params.empty()) {
    return UsageFail(streams, "give --compute or --params, not both");
  }
  if (o.compute.empty() && o.params.empty()) {
    return UsageFail(streams, "nothing to do; pass --compute C or --params N (see --help)");
  }
  if (!o.isoflop && model_sources.size() > 1) {
    return UsageFail(streams, "one model here (several with --isoflop)");
  }
  ScaleQuery q;
  std::vector<double> budgets;
  for (const std::string& text : o.compute) {
    Result<double> value = ParsePositiveFlag("--compute", text);
    if (!value.ok()) {
      return UsageFail(streams, value.status().message());
    }
    budgets.push_back(*value);
  }
  if (!budgets.empty()) {
    q.compute_flops = budgets.front();
  }
  // Several models compare at one sequence length.
  if (model_sources.size() > 1) {
    Result<SequenceLengthChoice> sequence = ChooseSequenceLength(o.shared, streams, &*workload);
    if (!sequence.ok()) {
      return Fail(streams, sequence.status());
    }
  }
  for (auto [flag, text, unit, target] :
       {std::tuple{"--params", &o.params, "parameters", &q.params},
        std::tuple{"--tokens", &o.tokens, "tokens", &q.tokens}}) {
    if (text->empty()) {
      continue;
    }
    Result<double> value = ParsePositiveFlag(flag, *text);
    if (!value.ok()) {
      return UsageFail(streams, value.status().message());
    }
    *target = *value;
  }
  if (o.isoflop) {
    return RunIsoFlop(o, *workload, budgets, streams);
  }
  Result<std::vector<const ScalingLaw*>> laws = SelectLaws(o.law.empty() ? "all" : o.law);
  if (!laws.ok()) {
    return UsageFail(streams, laws.status().message());
  }
  Result<Report> report = InvalidArgumentError("unreachable");
  if (!model_sources.empty()) {
    Result<std::vector<ModelAnalysis>> models = LoadModels(o.shared, *workload, streams);
    if (!models.ok()) {
      return Fail(streams, models.status());
    }
    report = BuildBudgetReport(*laws, models->front(), *q.compute_flops);
  } else {
    report = BuildScaleReport(*laws, q);
  }
  if (!report.ok()) {
    return Fail(streams, report.status());
  }
  return EmitReport(*report, o.shared.output, kChartFormats, streams);
}

}  // namespace

Handler SetupScale(CLI::App* sub) {
  auto o = std::make_shared<ScaleOptions>();
  sub->description(kScaleDescription);
  sub->add_option("--law", o->law,
                  "Scaling law id or 'all' (default: all; epoch with --isoflop, where 'all' draws "
                  "every law with a loss); an unknown id is a bad value (exit 2)");
  sub->add_option("--compute", o->compute,
                  "Compute budget C in FLOPs, e.g. 1.36e21 (repeatable with --isoflop: one curve "
                  "per budget)");
  sub->add_option("--params", o->params, "Parameters N, e.g. 7e9");
  sub->add_option("--tokens", o->tokens, "Training tokens D (with --params), e.g. 2e12");
  sub->add_flag("--isoflop", o->isoflop, "Loss against N along the budget (table or svg)");
  // Models: a budget check with --compute (one), IsoFLOP markers (several).
  AddSharedFlags(sub, &o->shared, kModelFlags | kOutputFlags, kChartFormats);
  FreshFlagsOnEachParse(sub, o);
  return [o](Streams& streams) { return RunScale(*o, streams); };
}

}  // namespace llmcost::cli
