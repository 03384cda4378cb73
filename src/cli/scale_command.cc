// `llmcost scale`: compute-optimal N and D under the scaling laws, a config's budget check, and
// the IsoFLOP view (table or SVG chart).
#include <memory>
#include <optional>
#include <sstream>

#include "llmcost/analysis/scaling_law.h"
#include "llmcost/atomic_file.h"
#include "llmcost/config.h"
#include "llmcost/model_report.h"
#include "llmcost/scaling_report.h"
#include "llmcost/sequence_length.h"

#include "command.h"
#include "number_flags.h"

namespace llmcost::cli {
namespace {

constexpr const char* kScaleDescription =
    "Backward analysis: from a compute budget C (FLOPs) to the compute-optimal parameters N and "
    "tokens D under published scaling laws, with C = 6ND.\n"
    "  --compute C                 each law's optimal N, D, D/N and loss for C\n"
    "  --params N                  the D and C that make N compute-optimal\n"
    "  --params N --tokens D       the loss at (N, D) and its distance from optimal\n"
    "  --model_config FILE --compute C\n"
    "                              tokens C buys at the model's exact training FLOPs per token\n"
    "  --isoflop --compute C [--model_config FILE...]\n"
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
  int64_t seq_len = 0;
  std::string params;
  std::string tokens;
  std::vector<std::string> model_configs;
  bool isoflop = false;
  OutputOptions output;
};

// The laws --law names ("all" or one id); unknown ids are a bad value (exit 1, did-you-mean).
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

// The models at one sequence length: `seq_len`, or the smallest pre-training context among
// several (sequence_length.h).
Result<std::vector<ModelAnalysis>> LoadModels(const std::vector<std::string>& files,
                                              int64_t seq_len) {
  std::vector<Architecture> archs;
  for (const std::string& file : files) {
    LLMCOST_ASSIGN_OR_RETURN(Architecture arch, LoadArchitecture(file, {}));
    archs.push_back(std::move(arch));
  }
  std::vector<const Architecture*> views;
  for (const Architecture& a : archs) {
    views.push_back(&a);
  }
  const SequenceLengthChoice choice = ChooseSequenceLength(seq_len, views);
  FlopsOptions flops;
  flops.seq_len = choice.source == SequenceLengthChoice::Source::kOwnContext ? 0 : choice.tokens;
  std::vector<ModelAnalysis> models;
  for (Architecture& arch : archs) {
    LLMCOST_ASSIGN_OR_RETURN(ModelAnalysis m, AnalyzeModel(std::move(arch), flops));
    models.push_back(std::move(m));
  }
  return models;
}

int RunIsoFlop(const ScaleOptions& o, const std::vector<double>& budgets, Streams& streams) {
  std::vector<const ScalingLaw*> laws;
  if (o.law == "all") {
    for (const ScalingLaw& law : ScalingLaws()) {
      if (law.loss_form != LossForm::kNone) {
        laws.push_back(&law);
      }
    }
  } else {
    Result<std::vector<const ScalingLaw*>> selected = SelectLaws(o.law.empty() ? "epoch" : o.law);
    if (!selected.ok()) {
      return Fail(streams, selected.status());
    }
    laws = *selected;
  }
  Result<std::vector<ModelAnalysis>> models = LoadModels(o.model_configs, o.seq_len);
  if (!models.ok()) {
    return Fail(streams, models.status());
  }
  std::vector<IsoFlopView> views;
  for (const ScalingLaw* law : laws) {
    for (double compute : budgets) {
      Result<IsoFlopView> view = BuildIsoFlopView(*law, compute, *models);
      if (!view.ok()) {
        return Fail(streams, view.status());
      }
      views.push_back(std::move(view).value());
    }
  }
  return EmitReport(BuildIsoFlopReport(views), o.output, streams);
}

int RunScale(const ScaleOptions& o, Streams& streams) {
  if (o.compute.size() > 1 && !o.isoflop) {
    return UsageFail(streams, "several --compute budgets need --isoflop (one curve each)");
  }
  if (!o.tokens.empty() && o.params.empty()) {
    return UsageFail(streams, "--tokens needs --params (the loss at N parameters and D tokens)");
  }
  if ((o.isoflop || !o.model_configs.empty()) && o.compute.empty()) {
    return UsageFail(
        streams, std::string(o.isoflop ? "--isoflop" : "--model_config") + " needs --compute C");
  }
  if (!o.compute.empty() && !o.params.empty()) {
    return UsageFail(streams, "give --compute or --params, not both");
  }
  if (o.compute.empty() && o.params.empty()) {
    return UsageFail(streams, "nothing to do; pass --compute C or --params N (see --help)");
  }
  if (!o.isoflop && o.model_configs.size() > 1) {
    return UsageFail(streams, "--model_config takes one file here (several with --isoflop)");
  }
  ScaleQuery q;
  std::vector<double> budgets;
  for (const std::string& text : o.compute) {
    Result<double> value = ParsePositiveNumber("--compute", text, "FLOPs");
    if (!value.ok()) {
      return Fail(streams, value.status());
    }
    budgets.push_back(*value);
  }
  if (!budgets.empty()) {
    q.compute_flops = budgets.front();
  }
  for (auto [flag, text, unit, target] :
       {std::tuple{"--params", &o.params, "parameters", &q.params},
        std::tuple{"--tokens", &o.tokens, "tokens", &q.tokens}}) {
    if (text->empty()) {
      continue;
    }
    Result<double> value = ParsePositiveNumber(flag, *text, unit);
    if (!value.ok()) {
      return Fail(streams, value.status());
    }
    *target = *value;
  }
  if (o.isoflop) {
    return RunIsoFlop(o, budgets, streams);
  }
  Result<std::vector<const ScalingLaw*>> laws = SelectLaws(o.law.empty() ? "all" : o.law);
  if (!laws.ok()) {
    return Fail(streams, laws.status());
  }
  Result<Report> report = InvalidArgumentError("unreachable");
  if (!o.model_configs.empty()) {
    Result<std::vector<ModelAnalysis>> models = LoadModels(o.model_configs, o.seq_len);
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
  return EmitReport(*report, o.output, streams);
}

}  // namespace

Handler SetupScale(CLI::App* sub) {
  auto o = std::make_shared<ScaleOptions>();
  sub->description(kScaleDescription);
  sub->add_option("--law", o->law,
                  "Scaling law id or 'all' (default: all; epoch with --isoflop, where 'all' draws "
                  "every law with a loss); an unknown id is a bad value (exit 1)");
  sub->add_option("--compute", o->compute,
                  "Compute budget C in FLOPs, e.g. 1.36e21 (repeatable with --isoflop: one curve "
                  "per budget)");
  sub->add_option("--seq-len", o->seq_len,
                  "Sequence length of the models' exact FLOPs per token (default: the config's "
                  "pre-training context; several models: the smallest among them)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  sub->add_option("--params", o->params, "Parameters N, e.g. 7e9");
  sub->add_option("--tokens", o->tokens, "Training tokens D (with --params), e.g. 2e12");
  sub->add_option("--model_config,--model-config", o->model_configs,
                  "A model config: budget check with --compute; repeatable with --isoflop");
  sub->add_flag("--isoflop", o->isoflop, "Loss against N along the budget (table or svg)");
  AddOutputOptions(sub, &o->output);
  return [o](Streams& streams) { return RunScale(*o, streams); };
}

}  // namespace llmcost::cli
