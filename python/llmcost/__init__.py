"""llmcost from Python: parameters, FLOPs, memory, serving and training cost of transformers.

The same C++ core as the ``llmcost`` command, in-process. Each function mirrors one command:
it takes what the command takes (a config file, a directory with ``config.json``, a Hugging
Face id in the local cache, or a config ``dict``; a list of them compares several models) and
the command's flags as keyword arguments (``--seq-len`` is ``seq_len=``, ``--gpu`` is
``gpu=``; switches such as ``--sp`` take ``True``). Results are the command's ``--format json``
output as plain dicts and lists, counts as exact ints (docs/output-schema.md).

>>> import llmcost
>>> llmcost.analyze("configs/models/llama_7b.json")["parameters"]["total"]
6738415616
>>> m = llmcost.memory({"hidden_size": 4096, "num_hidden_layers": 32,
...                     "num_attention_heads": 32, "intermediate_size": 11008,
...                     "vocab_size": 32000}, seq_len=2048, zero=3, dp=8)

Bad input raises :class:`llmcost.Error` (a ``ValueError``) whose message is the line the
command prints after ``llmcost:``; an unknown keyword raises ``TypeError``.
"""

import os as _os
import warnings as _warnings

from . import _llmcost

__all__ = [
    "Error",
    "ConfigWarning",
    "analyze",
    "memory",
    "serve",
    "train",
    "scale",
    "design",
    "verify",
    "hardware",
]

__version__ = _llmcost.version


class Error(ValueError):
    """Bad input: the one-line message the ``llmcost`` command prints after ``llmcost:``.

    Attributes:
        exit_status: what the command would exit with: 2 when the arguments alone are wrong
            (a malformed or out-of-range value), 1 when the inputs together are wrong (a bad
            file, a name not in the hardware table, a flag that contradicts the config).
        report: the report built before the failure, when there is one (``verify`` of a
            checkpoint that does not match its config lists every mismatch), else None.
    """

    def __init__(self, message, exit_status=1, report=None):
        super().__init__(message)
        self.exit_status = exit_status
        self.report = report


class ConfigWarning(UserWarning):
    """A config field the family's field map ignored, or a likely typo (the command's
    ``llmcost: warning:`` lines)."""


# Flags a program does not pass: the format is always the JSON schema, nothing is written.
_NOT_KEYWORDS = {"format", "output", "force", "model_config", "model-config"}

_flag_tables = {}


def _flags_of(command):
    """{keyword: (flag, takes_value, repeatable)} for `command`, built once."""
    table = _flag_tables.get(command)
    if table is None:
        table = {}
        for flag in _llmcost.command_flags(command):
            if flag["positional"]:
                continue
            names = flag["names"]
            if any(n in _NOT_KEYWORDS for n in names):
                continue
            for name in names:
                table.setdefault(name.replace("-", "_"),
                                 (name, flag["takes_value"], flag["repeatable"]))
        _flag_tables[command] = table
    return table


def _closest(word, names):
    """The name closest to `word` by edit distance, if it is close enough to be a typo."""
    def distance(a, b):
        row = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            prev, row[0] = row[0], i
            for j, cb in enumerate(b, 1):
                prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        return row[-1]
    best = min(names, key=lambda n: distance(word, n), default=None)
    if best is not None and distance(word, best) <= max(1, len(word) // 3):
        return best
    return None


def _text(command, keyword, value):
    """One flag value as the command line would spell it."""
    if isinstance(value, bool):
        raise TypeError(f"{command}(): {keyword}= takes a number or a string, got {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (str, _os.PathLike)):
        return _os.fspath(value)
    raise TypeError(f"{command}(): {keyword}= takes a number or a string, "
                    f"got {type(value).__name__}")


def _arguments(command, flags):
    """The command line of `command` for keyword arguments `flags`."""
    table = _flags_of(command)
    args = [command]
    for keyword, value in flags.items():
        entry = table.get(keyword)
        if entry is None:
            hint = _closest(keyword, table)
            raise TypeError(f"{command}() got an unexpected keyword argument '{keyword}'"
                            + (f", did you mean '{hint}'?" if hint else ""))
        flag, takes_value, repeatable = entry
        if value is None:
            continue
        if not takes_value:
            if not isinstance(value, bool):
                raise TypeError(f"{command}(): {keyword}= is a switch: pass True or False, "
                                f"got {value!r}")
            if value:
                args.append("--" + flag)
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        if len(values) > 1 and not repeatable:
            # A comma list (lora_targets=["q_proj", "v_proj"]) is one value.
            values = [",".join(_text(command, keyword, v) for v in values)]
        for v in values:
            args.append("--" + flag + "=" + _text(command, keyword, v))
    return args


def _sources(command, model):
    """(source names, in-memory configs) for one model argument or a list of them."""
    models = model if isinstance(model, (list, tuple)) else [model]
    if not models:
        raise Error("no model given; pass a config FILE, a directory or a model id", 2)
    dicts = sum(1 for m in models if isinstance(m, dict))
    names, configs = [], []
    for m in models:
        if isinstance(m, dict):
            name = "<dict>" if dicts == 1 else f"<dict {len(configs) + 1}>"
            configs.append((name, m))  # written as JSON text by the extension
            names.append(name)
        elif isinstance(m, (str, _os.PathLike)):
            names.append(_os.fspath(m))
        else:
            raise TypeError(f"{command}(): a model is a path, a model id or a config dict, "
                            f"got {type(m).__name__}")
    return names, configs


def _run(args, configs=()):
    """The report of one command line; raises Error with the command's message."""
    try:
        status, message, warnings, report = _llmcost.run(args, list(configs))
    except ValueError as e:  # a dict value no config file could hold (nan, too deep)
        raise Error(str(e), 1) from None
    for warning in warnings:
        _warnings.warn(warning, ConfigWarning, stacklevel=3)
    if status != 0:
        items = None if report is None else _items(report)
        raise Error(message, status, items or None)
    return report


def _items(report):
    """The report's list: "models", "accelerators", "laws", "candidates", "checkpoints"."""
    return report[next(k for k in report if k not in ("schema_version", "title"))]


def _model_command(command, model, flags):
    names, configs = _sources(command, model)
    args = _arguments(command, flags)
    args.append("--")
    args.extend(names)
    items = _items(_run(args, configs))
    return items if isinstance(model, (list, tuple)) else items[0]


def analyze(model, **flags):
    """Exact parameters and FLOPs per token of a model (``llmcost analyze``).

    Args:
        model: a config file (.json, .jsonc, .py), a directory with config.json, a Hugging Face
            id in the local cache, or a config dict; a list of them analyzes each at one
            sequence length (the smallest pre-training context among them unless seq_len=).
        **flags: the command's flags: seq_len, batch, attention ("causal" or "full"), family.

    Returns:
        The model's JSON object: name, source, assumptions, architecture, parameters
        (total, active, breakdown ...), flops_per_token (forward, training, conventions);
        a list of them for a list of models.

    Raises:
        Error: a bad config or flag value, with the command's message.
        TypeError: an unknown keyword.
    """
    return _model_command("analyze", model, flags)


def memory(model, **flags):
    """Training memory per GPU (``llmcost memory``): weights, gradients, optimizer state,
    activations and the peak, for a parallel layout and a fine-tuning method.

    Keyword arguments are the command's flags, e.g. seq_len, batch, precision ("bf16"),
    optimizer, dp, zero (0-3), tp, sp=True, pp, recompute ("none", "selective", "full"),
    framework ("megatron" or "hf"), finetune ("full", "lora", "qlora"), lora_rank,
    offload, gpu (a fit verdict on that accelerator), gpus. Returns the model's JSON object
    (a list for a list of models); raises Error on bad input.
    """
    return _model_command("memory", model, flags)


def serve(model, **flags):
    """Serving memory and speed (``llmcost serve``): weights at their storage format, the KV
    cache, how many sequences fit, decode and prefill time on a gpu.

    Keyword arguments are the command's flags, e.g. seq_len (or context), batch,
    weights_format, weights_dtype, kv_dtype, gpu, gpus, tp, pp, gpu_memory_utilization,
    max_model_len, block_size, max_num_seqs, mbu, mfu. Returns the model's JSON object
    (a list for a list of models); raises Error on bad input.
    """
    return _model_command("serve", model, flags)


def train(model, **flags):
    """Training cost (``llmcost train``): FLOPs, time, GPU-hours, price, energy, CO2, and
    whether the layout fits (else the smallest layout that does).

    Needs gpu= and gpus=; tokens, mfu, price_per_gpu_hour, pue and the memory flags
    (dp, zero, tp, pp, ...) as for :func:`memory`. Returns the model's JSON object (a list
    for a list of models); raises Error on bad input.
    """
    return _model_command("train", model, flags)


def scale(model=None, **flags):
    """Compute-optimal parameters and tokens under scaling laws (``llmcost scale``).

    Keyword arguments are the command's flags: compute (FLOPs), params, tokens, law (an id
    or "all"), isoflop=True, ... With a model (or a list), its own N is checked against
    the budget. Returns the report's list (one entry per law or IsoFLOP point); raises Error
    on bad input.
    """
    args = _arguments("scale", flags)
    configs = []
    if model is not None:
        names, configs = _sources("scale", model)
        args.append("--")
        args.extend(names)
    return _items(_run(args, configs))


def design(**flags):
    """Model shapes for a compute budget (``llmcost design``), best first.

    Needs compute=, vocab= and seq_len=; family, law, top, gpu, gpus, days, write_config
    (writes the best design as a config file) and the shape constraints are optional.
    Returns the list of candidates (rank, name, config, params, loss ...); raises Error on
    bad input.
    """
    return _items(_run(_arguments("design", flags)))


def verify(checkpoint):
    """Checks a checkpoint's safetensors headers against its config (``llmcost verify``).

    Args:
        checkpoint: a model directory, a Hugging Face id in the local cache, or a
            .safetensors file beside its config.json.

    Returns:
        The checkpoint's JSON object (result "match", totals, components ...).

    Raises:
        Error: unreadable input, or a checkpoint that does not match its config (the
            exception's report holds the full comparison).
    """
    if not isinstance(checkpoint, (str, _os.PathLike)):
        raise TypeError(f"verify(): a checkpoint is a path or a model id, "
                        f"got {type(checkpoint).__name__}")
    return _items(_run(["verify", "--", _os.fspath(checkpoint)]))[0]


def hardware(**flags):
    """The accelerator table (``llmcost hardware``): peak FLOP/s, memory, bandwidth, power,
    price, each with its source. hardware_file= (a path or a list) adds or overrides entries.
    Returns the list of accelerators; raises Error on bad input.
    """
    return _items(_run(_arguments("hardware", flags)))
