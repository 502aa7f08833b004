"""Temporary checker for content parts (removed after merge). Usage: .venv/bin/python data/parts/CHECK.py FILE"""
import sys, yaml
from pydantic import ValidationError
from katalog.model import Source, Initiative, Theme
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
ok = True
for key, cls in (("sources", Source), ("themes", Theme), ("initiatives", Initiative)):
    for i, item in enumerate(d.get(key) or []):
        if isinstance(item, dict) and "last_reviewed" in item:
            item["last_reviewed"] = str(item["last_reviewed"])
        try:
            cls.model_validate(item)
        except ValidationError as e:
            ok = False
            print(key, i, item.get("id") if isinstance(item, dict) else "", e)
vocab = yaml.safe_load(open("data/vocabularies.yaml", encoding="utf-8"))
tg = {t["id"] for t in vocab["target_groups"]}; kd = {t["id"] for t in vocab["kinds"]}
for it in d.get("initiatives") or []:
    for t in it.get("target_groups", []):
        if t not in tg: ok = False; print(it["id"], "unknown target group", t)
    for k in it.get("kinds", []):
        if k not in kd: ok = False; print(it["id"], "unknown kind", k)
print("OK" if ok else "PROBLEMS")
