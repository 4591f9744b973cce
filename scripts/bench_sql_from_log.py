"""Turns PostgreSQL's statement log (log_statement = 'all') into a pgbench script.

Reads the log lines of one request on standard input and prints each executed statement with
its logged parameters written in as literals, one statement per line ending in ';', so that
pgbench can replay exactly the SQL that request ran. Only reads are replayed: connection
set-up (SET, DO), transaction control, and the once-a-minute session touch are not part of a
page's steady-state cost, and replaying that one UPDATE from every client would only measure
row-lock queueing.
"""

import re
import sys

PREFIX = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
EXECUTE = re.compile(r"LOG:\s+(?:execute [^:]*|statement): (.*)$")
PARAMS = re.compile(r"DETAIL:\s+parameters: (.*)$")
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")


def entries(lines):
    """Groups continuation lines with the log line they belong to."""
    current = None
    for line in lines:
        line = line.rstrip("\n")
        if PREFIX.match(line):
            if current is not None:
                yield current
            current = line
        elif current is not None:
            current += "\n" + line
    if current is not None:
        yield current


def main():
    statements = []
    for entry in entries(sys.stdin):
        m = EXECUTE.search(entry.split("\n", 1)[0])
        if m:
            rest = entry.split("\n", 1)
            sql = m.group(1) + ("\n" + rest[1] if len(rest) > 1 else "")
            statements.append([sql, {}])
            continue
        p = PARAMS.search(entry)
        if p and statements:
            statements[-1][1] = {int(n): v for n, v in PARAM.findall(p.group(1))}
    for sql, params in statements:
        head = sql.strip().split(None, 1)[0].lower() if sql.strip() else ""
        if head not in ("select", "with") or "pg_reload_conf" in sql:
            continue
        text = re.sub(r"\$(\d+)", lambda m: params.get(int(m.group(1)), "NULL"), sql)
        print(" ".join(text.split()) + ";")


if __name__ == "__main__":
    main()
