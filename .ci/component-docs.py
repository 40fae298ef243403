#!/usr/bin/env python3
"""Fills each component's docs page with its options and headers, read from the catalog JSON that
camel-package-maven-plugin generates, so the page can never drift from the code.

  python3 .ci/component-docs.py          rewrite the tables between the markers
  python3 .ci/component-docs.py --check  fail when a page is out of date (CI runs this)
"""
import glob
import html
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def text_of(value):
    """JSON values as a Java user writes them: true/false, not Python's True/False."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cell(text):
    # Markdown renderers drop what looks like an HTML tag (<API_KEY>): escape it
    return (html.unescape(text_of(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("\n", " "))


def default(option):
    value = option.get("defaultValue")
    return "" if value is None else f"`{text_of(value)}`"


def kebab(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def options_table(catalog):
    scheme = catalog["component"]["scheme"]
    component = catalog.get("componentProperties", {})
    endpoint = catalog.get("properties", {})
    only_component = [n for n in component if n not in endpoint and n != "configuration"]
    out = [
        "Every option of the component is set with the short prefix `camel.component." + scheme + ".` and the option's"
        " name in kebab case (for example `camel.component." + scheme + ".api-key`), or on the component bean in Java."
        " An option listed in both tables is a default for every endpoint, which an endpoint URI may override."
        " These live on the component only, never in an endpoint URI: "
        + ", ".join(f"`{n}` (`{kebab(n)}`)" for n in only_component) + ".",
        "",
    ]
    for title, key in (("Component options", "componentProperties"), ("Endpoint options", "properties")):
        out.append(f"### {title}\n")
        out.append("| Name | Group | Type | Default | Description |")
        out.append("|---|---|---|---|---|")
        for name, option in catalog.get(key, {}).items():
            if option.get("kind") == "path":
                name = f"{name} (path)"
            kind = option.get("type", "")
            if option.get("enum"):
                kind += " (" + ", ".join(option["enum"]) + ")"
            desc = option.get("description", "")
            if option.get("secret"):
                desc += " **Secret.**"
            if option.get("required"):
                desc += " **Required.**"
            out.append(f"| `{name}` | {cell(option.get('group', ''))} | {cell(kind)} | {default(option)} | {cell(desc)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def headers_table(catalog):
    out = ["| Header | Type | Description |", "|---|---|---|"]
    for name, header in catalog.get("headers", {}).items():
        out.append(f"| `{name}` | {cell(header.get('javaType', ''))} | {cell(header.get('description', ''))} |")
    return "\n".join(out) + "\n"


def replace(text, marker, body):
    pattern = re.compile(rf"(<!-- {marker}:START -->\n)(.*?)(<!-- {marker}:END -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"missing <!-- {marker}:START --> / <!-- {marker}:END --> markers")
    return pattern.sub(lambda m: m.group(1) + body + m.group(3), text)


def main():
    check = "--check" in sys.argv
    stale = []
    pages = sorted(glob.glob(os.path.join(ROOT, "components", "camel-*", "src", "main", "docs", "*-component.md")))
    for page in pages:
        scheme = os.path.basename(page)[: -len("-component.md")]
        module = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(page))))
        catalogs = glob.glob(os.path.join(module, "src", "generated", "resources", "META-INF", "**", f"{scheme}.json"),
                             recursive=True)
        if not catalogs:
            raise SystemExit(f"{page}: no catalog JSON {scheme}.json under src/generated (build the module first)")
        with open(catalogs[0], encoding="utf-8") as f:
            catalog = json.load(f)
        with open(page, encoding="utf-8") as f:
            text = f.read()
        updated = replace(replace(text, "options", options_table(catalog)), "headers", headers_table(catalog))
        if updated != text:
            stale.append(os.path.relpath(page, ROOT))
            if not check:
                with open(page, "w", encoding="utf-8") as f:
                    f.write(updated)
    if check and stale:
        print("out of date (run python3 .ci/component-docs.py): " + ", ".join(stale))
        sys.exit(1)
    print(("checked " if check else "rendered ") + str(len(pages)) + " component docs pages")


if __name__ == "__main__":
    main()
