#!/usr/bin/env python3
"""Generates the benchmark corpus: N support forms, half JSON Schema (with uiSchema-free
react-jsonschema-form conventions), half GitHub issue forms, of realistic size, plus one
retention file. Deterministic for a given N (seeded)."""
import argparse
import json
import os
import random

LABELS = [
    ("Email address", "string", {"format": "email", "maxLength": 254}),
    ("Order number", "string", {"maxLength": 40}),
    ("Describe the problem", "string", {}),
    ("Steps to reproduce", "string", {"maxLength": 2000}),
    ("App version", "string", {"maxLength": 20}),
    ("Operating system", "string", {"enum": ["iOS", "Android", "Windows", "macOS", "Linux"]}),
    ("Phone number", "string", {}),
    ("Date of birth", "string", {"format": "date"}),
    ("Home address", "string", {}),
    ("Wallet address", "string", {"maxLength": 64}),
    ("Anything else we should know?", "string", {}),
    ("Transaction ID", "string", {"maxLength": 80}),
    ("Browser version", "string", {"maxLength": 40}),
    ("I agree to the terms", "boolean", {}),
    ("Amount", "number", {}),
]


def schema_form(i, rng):
    props = {}
    required = []
    for j, (label, typ, extra) in enumerate(rng.sample(LABELS, 6)):
        key = f"f{j}_" + "".join(c for c in label.lower().replace(" ", "_") if c.isalnum() or c == "_")[:24]
        p = {"type": typ, "title": label, "description": f"{label} for ticket {i}. Please be precise."}
        p.update(extra)
        props[key] = p
        if rng.random() < 0.4:
            required.append(key)
    props["contact"] = {
        "type": "object",
        "title": "Contact",
        "properties": {
            "name": {"type": "string", "title": "Full name", "maxLength": 120},
            "preferred": {"type": "string", "title": "Preferred channel", "enum": ["email", "chat"]},
        },
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"Support request {i}",
        "description": "Tell us what went wrong. Never include your recovery phrase or passwords.",
        "type": "object",
        "required": required,
        "properties": props,
    }


def github_form(i, rng):
    lines = [
        f"name: Support request {i}",
        "description: Ask the wallet team for help",
        f'title: "[Support {i}]: "',
        "labels: [support, triage]",
        "body:",
        "  - type: markdown",
        "    attributes:",
        "      value: |",
        "        Thanks for reaching out. Issues are public: never post your recovery phrase,",
        "        private keys or personal details here.",
    ]
    for j, (label, typ, extra) in enumerate(rng.sample(LABELS, 6)):
        kind = "textarea" if "Describe" in label or "Steps" in label or "Anything" in label else "input"
        if "enum" in extra:
            lines += [
                "  - type: dropdown",
                f"    id: field{j}",
                "    attributes:",
                f"      label: {label}",
                "      options:",
            ] + [f"        - {o}" for o in extra["enum"]]
            continue
        lines += [
            f"  - type: {kind}",
            f"    id: field{j}",
            "    attributes:",
            f"      label: {label}",
            f"      description: {label} for this request, as precisely as you can.",
            f'      placeholder: "e.g. {label.lower()}"',
            "    validations:",
            f"      required: {'true' if rng.random() < 0.4 else 'false'}",
        ]
    return "\n".join(lines) + "\n"


def count(text):
    """N: a whole number, 0 or more."""
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"not a number of forms: {text!r}")
    return n


def main():
    parser = argparse.ArgumentParser(
        description="Write the benchmark corpus (seeded: the same N gives the same files) to OUT: "
        "N forms, half JSON Schemas in OUT/schemas, half GitHub issue forms in OUT/github, "
        "and OUT/retention.yaml.",
    )
    parser.add_argument("out", metavar="OUT", help="folder to write to (created if missing)")
    parser.add_argument("n", metavar="N", nargs="?", type=count, default=10000,
                        help="how many forms (default: 10000)")
    args = parser.parse_args()
    out, n = args.out, args.n
    rng = random.Random(42)
    os.makedirs(os.path.join(out, "schemas"), exist_ok=True)
    os.makedirs(os.path.join(out, "github"), exist_ok=True)
    total = 0
    for i in range(n):
        if i % 2 == 0:
            path = os.path.join(out, "schemas", f"form{i:05d}.schema.json")
            text = json.dumps(schema_form(i, rng), indent=2) + "\n"
        else:
            path = os.path.join(out, "github", f"form{i:05d}.yml")
            text = github_form(i, rng)
        with open(path, "w") as f:
            f.write(text)
        total += len(text)
    with open(os.path.join(out, "retention.yaml"), "w") as f:
        f.write("processors:\n  - id: helpdesk\n    third_party: true\n    keeps: 1y\n"
                "retention:\n  - forms: [\"*\"]\n    closed_tickets: 1y\n    free_text: 60d\n")
    print(f"{n} forms, {total / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
