// llmcost._llmcost: the Python extension over the cli layer's in-process entry point.
//
// A thin binding: RunCommandReport (command_report.h) runs a command with the GIL released, and
// its Report becomes Python dicts and lists exactly as `--format json` writes it (the JSON
// renderer's rules: '/' in a key nests, sections with equal keys merge, counts stay exact
// ints). The keyword-to-flag mapping is Python (llmcost/__init__.py), from CommandFlags.
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <Python.h>
#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "llmcost/command_report.h"
#include "llmcost/render.h"
#include "llmcost/report.h"

namespace py = pybind11;

namespace llmcost::python {
namespace {

// A new reference to `text` as a str (invalid UTF-8 replaced, as the JSON renderer does).
PyObject* Str(std::string_view text) {
  return PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
}

// Steals `value`; sets object[key].
void SetItem(PyObject* object, std::string_view key, PyObject* value) {
  if (value == nullptr) {
    throw py::error_already_set();
  }
  PyObject* k = Str(key);
  const int failed = k == nullptr ? -1 : PyDict_SetItem(object, k, value);
  Py_XDECREF(k);
  Py_DECREF(value);
  if (failed != 0) {
    throw py::error_already_set();
  }
}

// A borrowed reference to object[key], made a dict first unless it is one.
PyObject* ChildObject(PyObject* object, std::string_view key) {
  PyObject* k = Str(key);
  if (k == nullptr) {
    throw py::error_already_set();
  }
  PyObject* child = PyDict_GetItemWithError(object, k);
  if (child == nullptr || !PyDict_Check(child)) {
    if (child == nullptr && PyErr_Occurred() != nullptr) {
      Py_DECREF(k);
      throw py::error_already_set();
    }
    PyObject* fresh = PyDict_New();
    const int failed = fresh == nullptr ? -1 : PyDict_SetItem(object, k, fresh);
    Py_XDECREF(fresh);  // the dict holds it
    if (failed != 0) {
      Py_DECREF(k);
      throw py::error_already_set();
    }
    child = fresh;
  }
  Py_DECREF(k);
  return child;
}

// A new reference: the value as the JSON format writes it (null, bool, int, float, str, list).
PyObject* ToPython(const Value& v) {
  if (const bool* b = std::get_if<bool>(&v)) {
    return PyBool_FromLong(*b ? 1 : 0);
  }
  if (const int64_t* i = std::get_if<int64_t>(&v)) {
    return PyLong_FromLongLong(*i);
  }
  if (const double* d = std::get_if<double>(&v)) {
    return PyFloat_FromDouble(*d);
  }
  if (const std::string* s = std::get_if<std::string>(&v)) {
    return Str(*s);
  }
  if (const auto* lines = std::get_if<std::vector<Phrase>>(&v)) {
    PyObject* list = PyList_New(static_cast<Py_ssize_t>(lines->size()));
    if (list == nullptr) {
      return nullptr;
    }
    for (size_t i = 0; i < lines->size(); ++i) {
      PyObject* line = Str(PhraseText((*lines)[i]));
      if (line == nullptr) {
        Py_DECREF(list);
        return nullptr;
      }
      PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), line);
    }
    return list;
  }
  Py_RETURN_NONE;
}

// Inserts `e` into the dict `object` as the JSON renderer inserts it into a JSON object.
void Insert(const Entry& e, PyObject* object) {
  if (e.visibility == Visibility::kTextOnly) {
    return;
  }
  PyObject* target = object;
  std::string_view key = e.key;
  for (size_t slash = key.find('/'); slash != std::string_view::npos; slash = key.find('/')) {
    target = ChildObject(target, key.substr(0, slash));
    key = key.substr(slash + 1);
  }
  if (e.children.empty() && !std::holds_alternative<std::monostate>(e.value)) {
    SetItem(target, key, ToPython(e.value));
    return;
  }
  PyObject* section = ChildObject(target, key);
  for (const Entry& child : e.children) {
    Insert(child, section);
  }
}

py::object ReportToPython(const Report& report) {
  py::dict root;
  root["schema_version"] = report.schema_version;
  root["title"] = report.title;
  py::list items(report.items.size());
  for (size_t i = 0; i < report.items.size(); ++i) {
    py::dict item;
    for (const Entry& child : report.items[i].children) {
      Insert(child, item.ptr());
    }
    items[i] = std::move(item);
  }
  root[py::str(report.items_key)] = std::move(items);
  return std::move(root);
}

// Appends `text` as a JSON string.
void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  *out += '"';
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      *out += '\\';
      *out += c;
    } else if (byte < 0x20) {
      *out += "\\u00";
      *out += kHex[byte >> 4];
      *out += kHex[byte & 0xf];
    } else {
      *out += c;
    }
  }
  *out += '"';
}

std::string_view Utf8(PyObject* str) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(str, &size);
  if (data == nullptr) {
    throw py::error_already_set();
  }
  return {data, static_cast<size_t>(size)};
}

// Where a config value sits: its JSON pointer, built only when a message needs it.
struct PathStep {
  const PathStep* parent = nullptr;  // null: the document itself
  std::string_view key;              // an object's key, or
  Py_ssize_t index = -1;             // an array's index
};

// "/rope_scaling/factor"; "" for the document itself.
std::string PointerOf(const PathStep* step) {
  if (step == nullptr || step->parent == nullptr) {
    return "";
  }
  return PointerOf(step->parent) + "/" +
         (step->index >= 0 ? std::to_string(step->index) : std::string(step->key));
}

// The config value errors both writers raise, named by `origin` and the value's JSON pointer
// ("<dict>: /rope_scaling/factor: must be a finite number, got nan"): ValueError for a value
// the loader would reject, TypeError for an object JSON cannot hold.
[[noreturn]] void TooDeep(const std::string& origin, const PathStep* at) {
  throw py::value_error(origin + ": " + PointerOf(at) + ": nested deeper than 100 levels");
}
[[noreturn]] void NotFinite(const std::string& origin, const PathStep* at, PyObject* value) {
  throw py::value_error(origin + ": " + PointerOf(at) + ": must be a finite number, got " +
                        std::string(py::str(py::handle(value)).cast<std::string>()));
}
std::string ObjectPointerOf(const PathStep* at) {
  const std::string pointer = PointerOf(at);
  return pointer.empty() ? std::string("/") : pointer;
}
[[noreturn]] void KeyNotStr(const std::string& origin, const PathStep* at, PyObject* key) {
  throw py::type_error(origin + ": " + ObjectPointerOf(at) + ": keys must be str, got " +
                       std::string(Py_TYPE(key)->tp_name));
}
[[noreturn]] void NotJson(const std::string& origin, const PathStep* at, PyObject* value) {
  throw py::type_error(origin + ": " + ObjectPointerOf(at) +
                       ": a config holds dicts, lists, str, int, float, bool and None, got " +
                       std::string(Py_TYPE(value)->tp_name));
}

// The loader caps nesting at 100 levels; deeper values (or a cycle) stop both writers at 101.
constexpr int kMaxDepth = 100;

// float.__repr__ of `d`, also for float subclasses: the shortest text that reads back as d,
// as json.dumps writes it.
std::string FloatText(double d) {
  char* text = PyOS_double_to_string(d, 'r', 0, Py_DTSF_ADD_DOT_0, nullptr);
  if (text == nullptr) {
    throw py::error_already_set();
  }
  std::string out(text);
  PyMem_Free(text);
  return out;
}

// Appends a config value (dict, list/tuple, str, int, float, bool, None) as JSON text: what
// json.dumps writes, without leaving C++. Errors as above.
void AppendJson(PyObject* value, const std::string& origin, const PathStep* at, int depth,
                std::string* out) {
  if (depth > kMaxDepth) {
    TooDeep(origin, at);
  }
  if (value == Py_None) {
    *out += "null";
  } else if (value == Py_True) {
    *out += "true";
  } else if (value == Py_False) {
    *out += "false";
  } else if (PyLong_Check(value)) {
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow == 0) {
      *out += std::to_string(v);
    } else {  // beyond 64 bits: all its digits (the loader then says it is out of range)
      py::object exact = py::reinterpret_steal<py::object>(PyNumber_Index(value));
      py::str text(py::reinterpret_steal<py::object>(PyObject_Str(exact.ptr())));
      *out += Utf8(text.ptr());
    }
  } else if (PyFloat_Check(value)) {
    const double d = PyFloat_AsDouble(value);
    if (!std::isfinite(d)) {
      NotFinite(origin, at, value);
    }
    *out += FloatText(d);
  } else if (PyUnicode_Check(value)) {
    AppendJsonString(Utf8(value), out);
  } else if (PyDict_Check(value)) {
    *out += '{';
    Py_ssize_t pos = 0;
    PyObject* key = nullptr;
    PyObject* item = nullptr;
    bool first = true;
    while (PyDict_Next(value, &pos, &key, &item)) {
      if (!PyUnicode_Check(key)) {
        KeyNotStr(origin, at, key);
      }
      if (!first) {
        *out += ',';
      }
      first = false;
      const std::string_view name = Utf8(key);
      AppendJsonString(name, out);
      *out += ':';
      const PathStep step{at, name};
      AppendJson(item, origin, &step, depth + 1, out);
    }
    *out += '}';
  } else if (PyList_Check(value) || PyTuple_Check(value)) {
    py::sequence items = py::reinterpret_borrow<py::sequence>(value);
    *out += '[';
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) {
        *out += ',';
      }
      const PathStep step{at, {}, static_cast<Py_ssize_t>(i)};
      AppendJson(items[i].ptr(), origin, &step, depth + 1, out);
    }
    *out += ']';
  } else {
    NotJson(origin, at, value);
  }
}

// Builds a config value's JSON document directly, the value the loader's reader would parse
// from AppendJson's text (same types: unsigned for ints >= 0, as the parser reads them), with
// the same errors in the same order (the same walk). Returns false, leaving the text to
// decide, where the document could differ from what text would give: an int beyond 64 bits
// (text reads it as a double, or rejects it), a key whose text another key has (text rejects
// it), or more text than kDirectTextBytes (the loader's size limit is measured on text).
class DocumentBuilder {
 public:
  explicit DocumentBuilder(const std::string& origin) : origin_(origin) {}

  bool Build(PyObject* value, const PathStep* at, int depth, nlohmann::json* out) {
    if (depth > kMaxDepth) {
      TooDeep(origin_, at);
    }
    text_bytes_ += 25;  // the longest scalar (a float's repr), or a container's punctuation
    if (value == Py_None) {
      *out = nullptr;
    } else if (value == Py_True || value == Py_False) {
      *out = value == Py_True;
    } else if (PyLong_Check(value)) {
      int overflow = 0;
      const long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
      if (overflow != 0) {
        return false;
      }
      if (v >= 0) {
        *out = static_cast<nlohmann::json::number_unsigned_t>(v);
      } else {
        *out = static_cast<nlohmann::json::number_integer_t>(v);
      }
    } else if (PyFloat_Check(value)) {
      const double d = PyFloat_AsDouble(value);
      if (!std::isfinite(d)) {
        NotFinite(origin_, at, value);
      }
      *out = d;
    } else if (PyUnicode_Check(value)) {
      const std::string_view text = Utf8(value);
      text_bytes_ += 6 * text.size();  // every byte escaped at worst
      *out = std::string(text);
    } else if (PyDict_Check(value)) {
      *out = nlohmann::json::object();
      Py_ssize_t pos = 0;
      PyObject* key = nullptr;
      PyObject* item = nullptr;
      while (PyDict_Next(value, &pos, &key, &item)) {
        if (!PyUnicode_Check(key)) {
          KeyNotStr(origin_, at, key);
        }
        const std::string_view name = Utf8(key);
        text_bytes_ += 6 * name.size() + 3;
        const PathStep step{at, name};
        auto [slot, added] = out->emplace(std::string(name), nullptr);
        // Two keys with one text (str subclasses that compare by identity): the text's
        // duplicate-key check words it.
        if (!added || !Build(item, &step, depth + 1, &slot.value())) {
          return false;
        }
      }
    } else if (PyList_Check(value) || PyTuple_Check(value)) {
      py::sequence items = py::reinterpret_borrow<py::sequence>(value);
      *out = nlohmann::json::array();
      const size_t n = items.size();
      out->get_ref<nlohmann::json::array_t&>().resize(n);
      for (size_t i = 0; i < n; ++i) {
        const PathStep step{at, {}, static_cast<Py_ssize_t>(i)};
        if (!Build(items[i].ptr(), &step, depth + 1, &(*out)[i])) {
          return false;
        }
      }
    } else {
      NotJson(origin_, at, value);
    }
    return text_bytes_ <= kDirectTextBytes;
  }

 private:
  // Well under the loader's 16 MiB config limit: above it, the text is written and measured.
  static constexpr size_t kDirectTextBytes = size_t{1} << 20;

  const std::string& origin_;
  size_t text_bytes_ = 0;  // at least the length of AppendJson's text so far
};

// The in-memory config of one dict: its JSON document, or its JSON text where only the text
// decides (DocumentBuilder).
InMemoryConfig ConfigOf(std::string name, PyObject* dict) {
  InMemoryConfig config{std::move(name), {}, nullptr};
  const PathStep root;
  auto document = std::make_shared<nlohmann::json>();
  if (DocumentBuilder(config.name).Build(dict, &root, 0, document.get())) {
    config.document = std::move(document);
  } else {
    config.text.reserve(1024);
    AppendJson(dict, config.name, &root, 0, &config.text);
  }
  return config;
}

// (exit_status, error, warnings, report or None) of one command line; `configs` are
// (name, dict) pairs the command line may name as sources.
py::tuple Run(const std::vector<std::string>& args, const py::list& configs) {
  std::vector<InMemoryConfig> in_memory;
  in_memory.reserve(configs.size());
  for (const py::handle pair : configs) {
    py::tuple named = py::reinterpret_borrow<py::tuple>(pair);
    in_memory.push_back(ConfigOf(named[0].cast<std::string>(), named[1].ptr()));
  }
  CommandReport result;
  {
    py::gil_scoped_release unlocked;  // loading and analysing touch no Python object
    result = RunCommandReport(args, in_memory);
  }
  py::object report = py::none();
  if (!result.report.title.empty()) {
    report = ReportToPython(result.report);
  }
  return py::make_tuple(result.exit_status, result.error, result.warnings, report);
}

py::list Flags(const std::string& command) {
  py::list out;
  for (const CommandFlag& flag : CommandFlags(command)) {
    py::dict d;
    d["names"] = flag.names;
    d["takes_value"] = flag.takes_value;
    d["repeatable"] = flag.repeatable;
    d["positional"] = flag.positional;
    d["required"] = flag.required;
    out.append(std::move(d));
  }
  return out;
}

}  // namespace
}  // namespace llmcost::python

PYBIND11_MODULE(_llmcost, m) {
  m.doc() = "llmcost's C++ core (use the llmcost package, not this module)";
  m.def("run", &llmcost::python::Run, py::arg("args"), py::arg("configs"),
        "Runs one llmcost command line in-process: (exit_status, error, warnings, report).");
  m.def("command_flags", &llmcost::python::Flags, py::arg("command"),
        "The flags of one command: names, takes_value, repeatable, positional, required.");
  m.attr("version") = LLMCOST_VERSION;
}
