#!/usr/bin/env python3
"""Checks of caseflow's table outputs, called by tests/table_outputs.sh.

  table_outputs.py csv-vs-json CSV JSON KEY   CSV rows equal the JSON table KEY's rows
  table_outputs.py width FILE WIDTH          every line fits WIDTH columns, no raw controls
"""
import csv
import io
import json
import sys
import unicodedata


def find_table(doc, key):
    """The first list of objects under key, depth first."""
    if isinstance(doc, dict):
        if key in doc and isinstance(doc[key], list):
            return doc[key]
        for v in doc.values():
            t = find_table(v, key)
            if t is not None:
                return t
    return None


def same(csv_cell, value):
    if value is None:
        return csv_cell == ""
    if isinstance(value, bool):
        return csv_cell == ("true" if value else "false")
    if isinstance(value, (int, float)):
        try:
            return abs(float(csv_cell) - float(value)) <= 1e-9 * max(1.0, abs(float(value)))
        except ValueError:
            return False
    if isinstance(value, list):
        if all(isinstance(x, str) for x in value):
            value = " > ".join(value)
        else:
            return True  # coordinates: not in CSV
    if isinstance(value, str):
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            value = "'" + value
        return csv_cell == value.encode("utf-8", "replace").decode("utf-8")
    return True


def csv_vs_json(csv_path, json_path, key):
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, strict=True))
    with open(json_path, encoding="utf-8") as f:
        doc = json.load(f)
    table = find_table(doc, key)
    if table is None:
        return "no table %r in the JSON" % key
    header, body = rows[0], rows[1:]
    if len(body) != len(table):
        return "%d CSV rows, %d JSON rows" % (len(body), len(table))
    shared = [h for h in header if table and h in table[0]]
    if table and not shared:
        return "no CSV column is a JSON key: %r" % header
    for i, (r, obj) in enumerate(zip(body, table)):
        if len(r) != len(header):
            return "row %d has %d fields, the header %d" % (i + 1, len(r), len(header))
        for h in shared:
            if not same(r[header.index(h)], obj[h]):
                return "row %d column %s: CSV %r, JSON %r" % (i + 1, h, r[header.index(h)], obj[h])
    return None


def cell_width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(path, limit):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return "invalid UTF-8: %s" % e
    for n, line in enumerate(text.split("\n"), 1):
        for ch in line:
            if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
                return "line %d: raw control U+%04X" % (n, ord(ch))
        w = sum(cell_width(ch) for ch in line)
        if limit and w > limit:
            return "line %d is %d columns wide (limit %d): %.60r" % (n, w, limit, line)
    return None


def main():
    if sys.argv[1] == "csv-vs-json":
        err = csv_vs_json(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        err = width(sys.argv[2], int(sys.argv[3]))
    if err:
        print(err)
        sys.exit(1)


main()
