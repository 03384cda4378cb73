"""Refreshes the output of each Python example quoted in docs/python.md by running it.

A block is `<!-- python: SCRIPT -->` followed by a ```text fence; the fence gets SCRIPT's
standard output, run from the repository root with the interpreter running this file (which must
import llmcost). `--check` changes nothing and exits 1 when a block is stale.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "python.md"
BLOCK = re.compile(r"(<!-- python: (\S+) -->\n```text\n)(.*?)(```)", re.S)


def refreshed(text):
    def run(match):
        out = subprocess.run([sys.executable, match.group(2)], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
        return match.group(1) + out + match.group(4)
    return BLOCK.sub(run, text)


def main():
    text = DOC.read_text()
    new = refreshed(text)
    if "--check" in sys.argv:
        if new != text:
            print(f"{DOC.relative_to(ROOT)}: an example's output is stale; run "
                  "scripts/regen_docs.sh", file=sys.stderr)
            sys.exit(1)
        return
    DOC.write_text(new)


if __name__ == "__main__":
    main()
