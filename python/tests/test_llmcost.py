"""The Python module against the command line: same numbers, same messages.

Run by scripts/test.sh (the README's test command) with LLMCOST_CLI naming the built
`llmcost` executable; each result is compared with that executable's --format json output.
"""

import ast
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest

import llmcost

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = sorted(p for p in (ROOT / "configs" / "models").iterdir() if p.name != "README.md")


def cli_executable():
    path = os.environ.get("LLMCOST_CLI")
    if not path:
        for candidate in ("build/dev/llmcost", "build/release/llmcost", "build/asan/llmcost"):
            if (ROOT / candidate).exists():
                path = str(ROOT / candidate)
                break
    if not path:
        pytest.skip("set LLMCOST_CLI to the llmcost executable (scripts/test.sh does)")
    return path


def cli(*args, expect=0):
    """(stdout parsed as JSON or None, stderr) of `llmcost ARGS --format json` run in ROOT."""
    run = subprocess.run([cli_executable(), *args, "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == expect, run.stderr
    return (json.loads(run.stdout) if run.stdout else None), run.stderr


def relative(path):
    return str(path.relative_to(ROOT))


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


# ---- The done-when line and the basic contract ----

def test_llama_7b_total_is_the_published_count():
    total = llmcost.analyze("configs/models/llama_7b.json")["parameters"]["total"]
    assert total == 6738415616
    assert type(total) is int


def test_version_is_the_command_lines():
    run = subprocess.run([cli_executable(), "--version"], capture_output=True, text=True)
    assert run.stdout.strip() == "llmcost " + llmcost.__version__


def test_error_is_a_value_error():
    assert issubclass(llmcost.Error, ValueError)


# ---- Every shipped config, every model command: equal to the CLI's JSON ----

MODEL_COMMANDS = [
    ("analyze", {}, []),
    ("analyze", {"seq_len": 4096, "attention": "full"}, ["--seq-len", "4096", "--attention", "full"]),
    ("memory", {"zero": 1, "dp": 8, "gpu": "h100"}, ["--zero", "1", "--dp", "8", "--gpu", "h100"]),
    ("memory", {"finetune": "lora", "lora_rank": 16, "recompute": "full", "sp": True, "tp": 2},
     ["--finetune", "lora", "--lora-rank", "16", "--recompute", "full", "--sp", "--tp", "2"]),
    ("serve", {"gpu": "h100", "batch": 8, "kv_dtype": "fp8"},
     ["--gpu", "h100", "--batch", "8", "--kv-dtype", "fp8"]),
    ("train", {"gpu": "h100", "gpus": 256, "tokens": 1e12, "zero": 3, "dp": 256},
     ["--gpu", "h100", "--gpus", "256", "--tokens", "1e12", "--zero", "3", "--dp", "256"]),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.name)
@pytest.mark.parametrize("command,flags,args", MODEL_COMMANDS,
                         ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(MODEL_COMMANDS)])
def test_model_commands_equal_the_cli(config, command, flags, args):
    run = subprocess.run([cli_executable(), command, relative(config), *args, "--format=json"],
                         cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0:  # e.g. --seq-len beyond a learned position table: the same error
        with pytest.raises(llmcost.Error) as error:
            getattr(llmcost, command)(relative(config), **flags)
        assert "llmcost: " + str(error.value) == run.stderr.strip().splitlines()[-1]
        assert error.value.exit_status == run.returncode
        return
    expected = json.loads(run.stdout)
    got = getattr(llmcost, command)(relative(config), **flags)
    assert got == expected[next(k for k in expected if k not in ("schema_version", "title"))][0]


@pytest.mark.parametrize("config", [c for c in CONFIGS if c.suffix == ".json"],
                         ids=lambda p: p.name)
def test_a_config_dict_equals_its_file(config):
    expected, _ = cli("analyze", relative(config))
    want = expected["models"][0]
    got = llmcost.analyze(json.loads(config.read_text()))
    assert got["source"] == "<dict>"
    for key in ("source", "name"):
        want.pop(key)
        got.pop(key)
    assert got == want


def test_several_models_share_one_sequence_length():
    paths = ["configs/models/llama_7b.json", "configs/models/llama_3_70b.json"]
    expected, _ = cli("analyze", *paths)
    assert llmcost.analyze(paths) == expected["models"]


def test_exact_ints_for_counts():
    m = llmcost.analyze("configs/models/deepseek_v3.json")
    assert m["parameters"]["total"] == 671026419200
    assert all(type(v) is int for v in m["parameters"]["breakdown"].values())


# ---- The commands without a model ----

def test_hardware_equals_the_cli():
    assert llmcost.hardware() == cli("hardware")[0]["accelerators"]


def test_scale_equals_the_cli():
    assert llmcost.scale(compute=1.36e21) == cli("scale", "--compute", "1.36e21")[0]["laws"]
    got = llmcost.scale("configs/models/llama_7b.json", compute="1e23")
    assert got == cli("scale", "configs/models/llama_7b.json", "--compute", "1e23")[0]["laws"]


def test_design_equals_the_cli(tmp_path):
    args = ["--compute", "1e20", "--vocab", "32000", "--seq-len", "2048", "--top", "3"]
    expected, _ = cli("design", *args)
    assert llmcost.design(compute=1e20, vocab=32000, seq_len=2048, top=3) == \
        expected["candidates"]
    written = tmp_path / "best.json"
    llmcost.design(compute=1e20, vocab=32000, seq_len=2048, write_config=written)
    best = llmcost.analyze(written)
    assert best["parameters"]["total"] == expected["candidates"][0]["params"]


def test_verify_equals_the_cli():
    source = "tests/data/checkpoints/tiny-llama"
    assert llmcost.verify(source) == cli("verify", source)[0]["checkpoints"][0]


# ---- Errors: llmcost.Error with the command line's message and exit status ----

ERRORS = [
    ("analyze", ["configs/models/llama_7b.json"], {"seq_len": 0}, ["--seq-len", "0"], 2),
    ("analyze", ["configs/models/llama_7b.json"], {"seq_len": "4k8"}, ["--seq-len", "4k8"], 2),
    ("analyze", ["configs/models/llama_7b.json"], {"attention": "sparse"},
     ["--attention", "sparse"], 2),
    ("analyze", ["configs/models/no_such.json"], {}, [], 1),
    ("memory", ["configs/models/llama_7b.json"], {"zero": 4}, ["--zero", "4"], 2),
    ("memory", ["configs/models/llama_7b.json"], {"tp": 3}, ["--tp", "3"], 1),
    ("serve", ["configs/models/llama_7b.json"], {"gpu": "h10"}, ["--gpu", "h10"], 1),
    ("train", ["configs/models/llama_7b.json"], {"gpu": "h100"}, ["--gpu", "h100"], 2),
]


@pytest.mark.parametrize("command,sources,flags,args,status", ERRORS,
                         ids=[f"{e[0]}-{i}" for i, e in enumerate(ERRORS)])
def test_errors_carry_the_cli_message(command, sources, flags, args, status):
    _, stderr = cli(command, *sources, *args, expect=status)
    with pytest.raises(llmcost.Error) as error:
        getattr(llmcost, command)(sources[0], **flags)
    assert "llmcost: " + str(error.value) == stderr.strip().splitlines()[-1]
    assert error.value.exit_status == status


def test_a_bad_dict_names_the_field():
    config = {"hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 30,
              "intermediate_size": 11008, "vocab_size": 32000}
    with pytest.raises(llmcost.Error, match=r"^<dict>: /num_attention_heads: "):
        llmcost.analyze(config)


def test_a_mismatching_checkpoint_keeps_its_report(tmp_path):
    source = ROOT / "tests/data/checkpoints/tiny-llama"
    for f in source.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    config = json.loads((tmp_path / "config.json").read_text())
    config["intermediate_size"] += 8
    (tmp_path / "config.json").write_text(json.dumps(config))
    with pytest.raises(llmcost.Error, match="does not match its config") as error:
        llmcost.verify(tmp_path)
    assert error.value.exit_status == 1
    assert error.value.report[0]["result"] != "match"


def test_ignored_fields_warn():
    config = json.loads((ROOT / "configs/models/llama_7b.json").read_text())
    config["num_hiden_layers"] = 3
    with pytest.warns(llmcost.ConfigWarning, match="num_hiden_layers"):
        llmcost.analyze(config)


# ---- Keyword validation ----

def test_an_unknown_keyword_is_a_type_error_with_a_suggestion():
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'seq_lenn', "
                                        r"did you mean 'seq_len'\?"):
        llmcost.analyze("configs/models/llama_7b.json", seq_lenn=4096)


@pytest.mark.parametrize("flags", [{"format": "text"}, {"output": "x.json"}, {"gpu": "h100"}])
def test_flags_a_command_does_not_take_are_rejected(flags):
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        llmcost.analyze("configs/models/llama_7b.json", **flags)


def test_a_switch_takes_a_bool():
    with pytest.raises(TypeError, match="is a switch"):
        llmcost.memory("configs/models/llama_7b.json", sp="yes")


def test_a_value_flag_rejects_bools_and_objects():
    with pytest.raises(TypeError, match="takes a number or a string"):
        llmcost.analyze("configs/models/llama_7b.json", seq_len=True)
    with pytest.raises(TypeError, match="takes a number or a string"):
        llmcost.analyze("configs/models/llama_7b.json", seq_len=object())


def test_a_model_must_be_a_path_or_a_dict():
    with pytest.raises(TypeError, match="a model is a path, a model id or a config dict"):
        llmcost.analyze(42)


def test_a_value_that_looks_like_a_flag_stays_a_value():
    # --group-size=-1 (one group per row): not taken for an option.
    got = llmcost.serve("configs/models/llama_7b.json", weights_format="gptq", group_size=-1)
    expected, _ = cli("serve", "configs/models/llama_7b.json", "--weights-format", "gptq",
                      "--group-size=-1")
    assert got == expected["models"][0]


# ---- Stubs, docstrings, the GIL ----

def test_stub_keywords_are_the_commands_flags():
    stub = ast.parse((Path(llmcost.__file__).parent / "__init__.pyi").read_text())
    functions = {f.name: f for f in stub.body if isinstance(f, ast.FunctionDef)}
    for command in ("analyze", "memory", "serve", "train", "scale", "design", "hardware"):
        keywords = {a.arg for a in functions[command].args.kwonlyargs}
        assert keywords == set(llmcost._flags_of(command)), command
    assert "verify" in functions


def test_every_function_has_a_docstring():
    for name in llmcost.__all__:
        assert getattr(llmcost, name).__doc__, name


def test_long_calls_release_the_gil():
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    thread = threading.Thread(target=tick)
    thread.start()
    try:
        start = time.perf_counter()
        llmcost.design(compute=1e24, vocab=128256, seq_len=8192, family="mixtral")
        end = time.perf_counter()
    finally:
        stop.set()
        thread.join()
    during = [t for t in ticks if start < t < end]
    # The search takes tens of milliseconds; a held GIL would allow the other thread no tick.
    assert end - start < 0.02 or len(during) >= 2, (end - start, len(during))


def test_the_docs_example_output_is_current():
    run = subprocess.run([sys.executable, "python/update_docs.py", "--check"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_dict_values_a_config_file_cannot_hold():
    config = json.loads((ROOT / "configs/models/llama_7b.json").read_text())
    config["rope_theta"] = float("nan")
    with pytest.raises(llmcost.Error, match=r"^<dict>: /rope_theta: must be a finite number"):
        llmcost.analyze(config)
    with pytest.raises(TypeError, match=r"^<dict>: /: keys must be str"):
        llmcost.analyze({1: 2})
    with pytest.raises(TypeError, match=r"^<dict>: /x: a config holds dicts"):
        llmcost.analyze({"x": object()})


def test_several_dicts_are_numbered():
    config = json.loads((ROOT / "configs/models/llama_7b.json").read_text())
    got = llmcost.analyze([config, config])
    assert [m["source"] for m in got] == ["<dict 1>", "<dict 2>"]


def test_many_dicts_from_several_python_threads_equal_one_thread():
    # 48 models: enough for the command's own worker threads (--jobs), in each of 4 Python
    # threads at once; every result equals the one-thread run, in input order.
    config = json.loads((ROOT / "configs/models/llama_7b.json").read_text())
    models = [dict(config, num_hidden_layers=2 + i, name=f"m{i}") for i in range(48)]
    expected = llmcost.analyze(models, jobs=1)
    got = [None] * 4

    def run(k):
        got[k] = llmcost.analyze(models)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [m["name"] for m in expected] == [f"m{i}" for i in range(48)]
    assert all(g == expected for g in got)


# ---- A dict is read as its JSON text would be, without the text ----

LLAMA_7B = json.loads((ROOT / "configs/models/llama_7b.json").read_text())


def with_fields(**fields):
    config = dict(LLAMA_7B)
    config.update(fields)
    return config


class ReprFloat(float):
    """A float whose repr() is not JSON (numpy 2's float64 prints np.float64(...))."""

    def __repr__(self):
        return f"ReprFloat({float(self)})"


class IdentityKey(str):
    """A key equal only to itself: a dict may hold two with one text."""

    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other


BAD_DICTS = {
    "a count of the wrong type": with_fields(num_attention_heads="32"),
    "heads that do not divide": with_fields(num_attention_heads=30),
    "a negative count": with_fields(num_hidden_layers=-1),
    "a missing field": {k: v for k, v in LLAMA_7B.items() if k != "hidden_size"},
    "an unknown family": with_fields(model_type="no_such_family"),
    "a bad nested field": with_fields(text_config={"hidden_size": "4096"}),
    # Beyond 64 bits: JSON text reads it as a double, so the module writes the text.
    "an int beyond 64 bits": with_fields(hidden_size=2**70),
    "an int beyond a double": with_fields(hidden_size=10**400),
    "an int beyond int64": with_fields(vocab_size=2**63),
    "a very negative int": with_fields(vocab_size=-2**64),
}


@pytest.mark.parametrize("name", BAD_DICTS)
def test_a_bad_dict_fails_as_its_file(name, tmp_path):
    config = BAD_DICTS[name]
    path = tmp_path / "c.json"
    # Compact, as the module writes a dict's text where it writes one: columns agree.
    path.write_text(json.dumps(config, separators=(",", ":")))
    _, stderr = cli("analyze", str(path), expect=1)
    with pytest.raises(llmcost.Error) as error:
        llmcost.analyze(config)
    assert "llmcost: " + str(error.value) == stderr.strip().splitlines()[-1].replace(
        str(path), "<dict>")
    assert error.value.exit_status == 1


@contextlib.contextmanager
def config_warnings_ignored():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", llmcost.ConfigWarning)
        yield


@pytest.mark.parametrize("config", [
    with_fields(rms_norm_eps=ReprFloat(1e-6)),            # float subclasses read as floats
    with_fields(rope_scaling={"type": "linear", "factor": 2.0}, rope_theta=1e4),
    with_fields(architectures=("LlamaForCausalLM",)),      # a tuple is a JSON array
    with_fields(notes="x" * (2 << 20)),                    # more text than the direct path takes
    with_fields(unicode_note="caf\u00e9 \u2028 \x00 \"quoted\""),
    with_fields(num_hidden_layers=True),                  # a bool is not a count
], ids=["float-subclass", "nested", "tuple", "large", "unicode", "bool"])
def test_a_dict_reads_as_its_json_text(config, tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(config))  # json.dumps writes float subclasses as floats
    run = subprocess.run([cli_executable(), "analyze", str(path), "--format=json"], cwd=ROOT,
                         capture_output=True, text=True)
    if run.returncode != 0:
        with pytest.raises(llmcost.Error) as error:
            llmcost.analyze(config)
        assert "llmcost: " + str(error.value) == run.stderr.strip().splitlines()[-1].replace(
            str(path), "<dict>")
        return
    want = json.loads(run.stdout.replace(str(path), "<dict>"))["models"][0]
    with config_warnings_ignored():
        got = llmcost.analyze(config)
    assert got.pop("source") == "<dict>"
    want.pop("source")
    assert got == want


def test_a_dict_larger_than_a_config_file_may_be_is_refused():
    with pytest.raises(llmcost.Error, match=r"^<dict>: .* 16 MiB limit for a config, got "):
        llmcost.analyze(with_fields(notes="x" * (17 << 20)))


def test_two_keys_with_one_text_are_a_duplicate():
    config = dict(LLAMA_7B)
    config[IdentityKey("vocab_size")] = 32000
    with pytest.raises(llmcost.Error, match=r"^<dict>: /vocab_size: key appears twice"):
        llmcost.analyze(config)


def test_too_deep_a_dict_is_refused():
    deep = {}
    node = deep
    for _ in range(120):
        node["a"] = {}
        node = node["a"]
    with pytest.raises(llmcost.Error, match=r"^<dict>: /extra(/a){100}: nested deeper than 100"):
        llmcost.analyze(with_fields(extra=deep))


# ---- Keywords are validated as the command line validates its flags ----

def keyword_table(command):
    """{keyword: (flag, takes_value)} as the module maps them."""
    return {k: (flag, takes_value) for k, (flag, takes_value, _) in
            llmcost._flags_of(command).items()}


REQUIRED = {
    "design": (["--compute", "1e20", "--vocab", "32000", "--seq-len", "2048"],
               {"compute": "1e20", "vocab": 32000, "seq_len": 2048}),
    "train": (["--gpu", "h100", "--gpus", "8"], {"gpu": "h100", "gpus": 8}),
    "scale": (["--compute", "1e21"], {"compute": "1e21"}),
}


def keyword_cases():
    cases = []
    for command in ("analyze", "memory", "serve", "train", "scale", "design", "hardware"):
        for keyword, (flag, takes_value) in sorted(keyword_table(command).items()):
            if keyword in ("write_config", "out", "hardware_file"):
                continue  # write or read files: checked by their own tests
            if keyword == "stats":
                continue  # design's search time: differs from run to run
            if command in REQUIRED and keyword in REQUIRED[command][1]:
                continue
            values = ["bogus!", "0", "-1", "2.5", "1e400", "3K"] if takes_value else [True]
            cases.extend((command, keyword, flag, v) for v in values)
    return cases


@pytest.mark.parametrize("command,keyword,flag,value", keyword_cases(),
                         ids=lambda v: str(v))
def test_every_keyword_is_checked_as_its_flag(command, keyword, flag, value):
    args = [command]
    if command in ("analyze", "memory", "serve", "train"):
        args.append("configs/models/llama_7b.json")
    required_args, required_kwargs = REQUIRED.get(command, ([], {}))
    args += required_args
    args.append("--" + flag if value is True else f"--{flag}={value}")
    run = subprocess.run([cli_executable(), *args, "--format=json"], cwd=ROOT,
                         capture_output=True, text=True)
    call = getattr(llmcost, command)
    kwargs = dict(required_kwargs, **{keyword: value})
    model = ["configs/models/llama_7b.json"] if command in (
        "analyze", "memory", "serve", "train") else []
    if run.returncode != 0:
        with pytest.raises(llmcost.Error) as error:
            call(*model, **kwargs)
        assert "llmcost: " + str(error.value) == run.stderr.strip().splitlines()[-1]
        assert error.value.exit_status == run.returncode
    else:
        with config_warnings_ignored():
            got = call(*model, **kwargs)
        expected = json.loads(run.stdout)
        items = expected[next(k for k in expected if k not in ("schema_version", "title"))]
        assert got == (items[0] if model else items)
    # Whatever this call set is gone for the next (one parser per command is reused).
    with config_warnings_ignored():
        plain = call(*model, **required_kwargs)
    assert plain == _plain_result(command)


_plain_results = {}


def _plain_result(command):
    if command not in _plain_results:
        args = [command]
        if command in ("analyze", "memory", "serve", "train"):
            args.append("configs/models/llama_7b.json")
        args += REQUIRED.get(command, ([], {}))[0]
        expected, _ = cli(*args)
        items = expected[next(k for k in expected if k not in ("schema_version", "title"))]
        _plain_results[command] = items[0] if command in (
            "analyze", "memory", "serve", "train") else items
    return _plain_results[command]


def _distance(a, b):
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


@pytest.mark.parametrize("command", ["analyze", "memory", "serve", "train", "scale", "design",
                                     "hardware"])
def test_a_misspelt_keyword_suggests_the_closest(command):
    table = keyword_table(command)
    call = getattr(llmcost, command)
    model = ["configs/models/llama_7b.json"] if command in (
        "analyze", "memory", "serve", "train") else []
    for keyword in table:
        typo = keyword + "x"
        nearest = min(_distance(typo, k) for k in table)
        with pytest.raises(TypeError) as error:
            call(*model, **{typo: 1})
        message = str(error.value)
        assert f"unexpected keyword argument '{typo}', did you mean '" in message, message
        suggested = message.split("did you mean '")[1].rstrip("'?")
        assert suggested in table and _distance(typo, suggested) == nearest
