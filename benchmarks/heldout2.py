"""Blind held-out evaluation of plan parsing, round 2.

Written without reading kb/parse/, kb/enrich/, kb/data/, tests/ or the earlier rendering
benchmarks. It uses only the public entry point `Library(data).ingest()` and its ambitions.

1. Three renderings of the bundled plan documents/rotterdam-strategische-themas-2019-2022.txt,
   generated here from a small reader of the .txt's structure:
     gdocs   HTML as Google Docs exports it ("Downloaden > Webpagina"): class soup, headings as
             <p> with big bold spans, flat <ol class="lst-kix_..."> lists with `start`
             attributes and the numbers/letters only in CSS counters, footnotes as [1] links.
     pandoc  Markdown as `pandoc -f docx -t markdown` writes it: hard wraps at 72 columns,
             `\\.`/`\\-`/`\\@` escapes, `--` for en dashes, `[]{#_Toc... .anchor}` in headings,
             manually typed numbers as `1\\.` paragraphs, pipe tables, `[^1]` footnotes.
     lynx    plain text as `lynx -dump` of the plan's web page: 3-space body indent, right-
             aligned list numbers, `*`/`+` bullets, `[12]` link markers and a References list.
   Expected: the 136 ambitions the tool extracts from the bundled .txt (key -> text).
2. Two new plans of other units written for this benchmark (HTML and PDF), with the ambitions an
   analyst would list.

Run: .venv/bin/python benchmarks/heldout2.py   (prints one table; < 1 minute)
"""
from __future__ import annotations

import difflib
import html
import re
import shutil
import sys
import tempfile
import textwrap
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PLAN = ROOT / "documents" / "rotterdam-strategische-themas-2019-2022.txt"
TITLE = "Strategische thema's veiligheid 2019 – 2022"

# --------------------------------------------------------------------------------------------
# normalisation and matching
# --------------------------------------------------------------------------------------------
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "`": "'", "´": "'", "“": '"', "”": '"',
                         "„": '"', "«": '"', "»": '"', "–": "-", "—": "-", "‐": "-", "‑": "-",
                         "−": "-", "\u00ad": "", "\u00a0": " "})


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text


def same(a: str, b: str, threshold: float) -> bool:
    a, b = norm(a), norm(b)
    if a == b:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


# --------------------------------------------------------------------------------------------
# a small reader of the bundled .txt: blocks of (kind, ...) with the same content
# --------------------------------------------------------------------------------------------
# block kinds: ("title", text) ("h", level, text) ("p", text) ("lines", [text...])
#              ("li", "num"|"alpha"|"bullet", depth, label, text) ("table", [[cells]])
# inline: *emphasis* and footnote references as {fn:N}
SUPERS = {"¹": 1, "²": 2, "³": 3, "⁴": 4, "⁵": 5}
NOT_HEADINGS = {"Ing. A. Aboutaleb", "Regioburgemeester regio Rotterdam"}


def read_plan(path: Path):
    raw = path.read_text(encoding="utf-8")
    chunks = [c for c in re.split(r"\n\s*\n", raw) if c.strip()]
    footnotes: dict[int, str] = {}
    lines: list[tuple[str, bool]] = []  # (line, starts a new blank-separated chunk)
    groups: list[list[str]] = []
    for chunk in chunks:
        ls = [l.rstrip(" \r") for l in chunk.split("\n") if l.strip()]
        if ls[0][:1] in SUPERS:
            footnotes[SUPERS[ls[0][0]]] = ls[0][1:].strip()
            continue
        groups.append(ls)

    # --- cover and table of contents: keep title, unit and adoption line, drop the TOC
    out: list[tuple] = [("title", TITLE), ("lines", ["Eenheid Rotterdam"]),
                        ("lines", ["Vastgesteld door Regionaal Veiligheidsoverleg op 12 november 2018"])]
    i = next(k for k, g in enumerate(groups) if g == ["Voorwoord"])
    groups = groups[i:]

    # --- repair page breaks inside sentences (the .txt comes from a paged PDF)
    flat: list[list[str]] = []
    for g in groups:
        if flat and len(g) >= 1 and "\t" not in g[0]:
            prev = flat[-1][-1]
            nxt = re.sub(r"^\s*-\s+", "", g[0])
            if (not re.search(r"[.:;?!]\s*$", prev) and "\t" not in prev
                    and re.match(r"\(?[a-zà-ÿ]", nxt) and not re.match(r"[a-z]\.\s", nxt)
                    and not re.fullmatch(r"\d+", prev.strip())):
                if re.search(r"[a-z]-$", prev):
                    flat[-1][-1] = prev[:-1] + nxt
                else:
                    flat[-1][-1] = prev + " " + nxt
                if len(g) > 1:
                    flat.append(g[1:])
                continue
        flat.append(list(g))

    chapter = None   # name of the current top-level part
    blocks: list[tuple] = []
    k = 0
    seq: list[tuple[str, list[str]]] = []
    # turn groups into a stream of single items, tables and multi-line groups
    for g in flat:
        if any("\t" in l for l in g):
            rows = []
            for l in g:
                if "\t" in l:
                    rows.append([re.sub(r"</?i>", "", c).strip() for c in l.split("\t")])
                else:
                    if rows:
                        seq.append(("table", rows))
                        rows = []
                    seq.append(("line", [l]))
            if rows:
                seq.append(("table", rows))
        elif len(g) > 1 and not any(re.match(r"\s*(\d+\.|-)\s", l) for l in g):
            seq.append(("multi", g))
        else:
            for l in g:
                seq.append(("line", [l]))

    def is_list(entry) -> bool:
        return entry[0] == "line" and bool(re.match(r"\s*(\d+\.|-)\s", entry[1][0]))

    skip_divider = {"Bijlage 1", "Bijlage 2", "Formatieplan eenheid Rotterdam",
                    "Eenheidsmonitorset 2019 – 2022"}
    while k < len(seq):
        kind, ls = seq[k]
        nxt = seq[k + 1] if k + 1 < len(seq) else ("line", [""])
        if kind == "table":
            if all(not any(c for c in r[1:]) for r in ls[1:]) and len(ls[0]) > 10:
                # Tabel 1: header row plus one row per municipality, cells were colours
                pass
            blocks.append(("table", ls))
            k += 1
            continue
        text = " ".join(l.strip() for l in ls)
        if kind == "multi":
            if text in skip_divider:
                k += 1
                continue
            blocks.append(("lines", [l.strip().strip("*") for l in ls]))
            k += 1
            continue
        line = ls[0]
        s = line.strip()
        if s in skip_divider:
            k += 1
            continue
        if re.fullmatch(r"\d", s):  # chapter divider: "3", divider title, real title
            chapter = seq[k + 2][1][0].strip()
            blocks.append(("h", 1, chapter))
            k += 3
            continue
        if s in ("Voorwoord", "Samenvatting", "Leden van het Regionaal Veiligheidsoverleg", "Bijlagen"):
            chapter = s
            blocks.append(("h", 1, s))
            k += 1
            continue
        if s == "Bijlage 2:":
            blocks.append(("h", 2, "Bijlage 2: " + seq[k + 1][1][0].strip()))
            k += 2
            continue
        m_num = re.match(r"\s*(\d+)\.\s+(.*)", line)
        m_alpha = re.match(r"\s*-\s+([a-z])\.\s+(.*)", line)
        m_bul = re.match(r"\s*-\s+(.*)", line)
        if m_num:
            num, body = m_num.groups()
            if (chapter in ("Nieuwe uitdagingen op het gebied van veiligheid", "Zes veiligheidsthema's voor 2022")
                    and len(body) < 80 and not re.search(r"[.:;]$", body) and not is_list(nxt)
                    and not (blocks and blocks[-1][0] == "li" and blocks[-1][1] == "num"
                             and int(blocks[-1][3]) + 1 == int(num))):
                blocks.append(("h", 2, f"{num}. {body}"))
            else:
                blocks.append(("li", "num", 0, num, body))
        elif m_alpha:
            blocks.append(("li", "alpha", 1, m_alpha.group(1), m_alpha.group(2)))
        elif m_bul:
            blocks.append(("li", "bullet", 0, "", m_bul.group(1)))
        elif s in NOT_HEADINGS or s.startswith("Tabel "):
            blocks.append(("p", s))
        elif (len(s) <= 90 and (not re.search(r"[.:;,]$", s)) and not s[:1].islower()) or (
                s.endswith(".") and len(s) <= 45 and len(s.split()) <= 6 and not is_list(nxt)):
            if chapter == "Zes veiligheidsthema's voor 2022":
                level = 3 if s.startswith(("Waar willen", "Hoe gaan")) else 4
            elif chapter == "Bijlagen":
                level = 2 if s.startswith("Bijlage") else 3
            else:
                level = 2
            blocks.append(("h", level, s))
        else:
            blocks.append(("p", s))
        k += 1

    # a run of bullets directly followed by a lettered "c." was a lettered list whose first
    # markers were lost in the text extraction: give them back their letters
    for n, b in enumerate(blocks):
        if b[0] == "li" and b[1] == "alpha" and b[3] != "a":
            want = ord(b[3]) - ord("a")
            run = blocks[n - want:n]
            if len(run) == want and all(r[0] == "li" and r[1] == "bullet" for r in run):
                for j in range(want):
                    blocks[n - want + j] = ("li", "alpha", 1, chr(ord("a") + j), run[j][4])

    # footnote references: superscripts in the running text
    def fnref(t: str) -> str:
        return re.sub("[¹²³⁴⁵]", lambda m: "{fn:%d}" % SUPERS[m.group(0)], t)

    fixed = []
    for b in out + blocks:
        if b[0] in ("p", "title"):
            fixed.append((b[0], fnref(b[1])))
        elif b[0] == "li":
            fixed.append(b[:4] + (fnref(b[4]),))
        else:
            fixed.append(b)
    return fixed, footnotes


def inline_parts(text: str):
    """Yield (kind, value): ("t", text) ("em", text) ("fn", n)."""
    for part in re.split(r"(\*[^*]+\*|\{fn:\d+\})", text):
        if not part:
            continue
        if part.startswith("{fn:"):
            yield "fn", int(part[4:-1])
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            yield "em", part[1:-1]
        else:
            yield "t", part


def plain(text: str) -> str:
    return "".join(v for k, v in inline_parts(text) if k != "fn")


def smart(text: str) -> str:
    """Google Docs' autocorrect: typographic apostrophes."""
    return re.sub(r"(\w)'(\w)", "\\1’\\2", text).replace(" '", " ‘").replace("' ", "’ ")


# --------------------------------------------------------------------------------------------
# rendering (a): Google Docs HTML export
# --------------------------------------------------------------------------------------------
GDOCS_STYLE = (
    '@import url(https://themes.googleusercontent.com/fonts/css?kit=fpjTOVmNbO4Lz34iLyptLUXza5VhXFYjn2OZfs2_wAQ);'
    'ol.lst-kix_n1x-0.start{counter-reset:lst-ctn-kix_n1x-0 0}'
    '.lst-kix_n1x-0>li{counter-increment:lst-ctn-kix_n1x-0}'
    '.lst-kix_n1x-0>li:before{content:"" counter(lst-ctn-kix_n1x-0,decimal) ". "}'
    'ol.lst-kix_n1x-1.start{counter-reset:lst-ctn-kix_n1x-1 0}'
    '.lst-kix_n1x-1>li{counter-increment:lst-ctn-kix_n1x-1}'
    '.lst-kix_n1x-1>li:before{content:"" counter(lst-ctn-kix_n1x-1,lower-latin) ". "}'
    'ul.lst-kix_b7q-0{list-style-type:none}.lst-kix_b7q-0>li:before{content:"\\0025cf   "}'
    'ol{margin:0;padding:0}table td,table th{padding:0}'
    '.c1{color:#000000;font-weight:400;text-decoration:none;vertical-align:baseline;font-size:11pt;font-family:"Arial";font-style:normal}'
    '.c5{color:#000000;font-weight:700;text-decoration:none;vertical-align:baseline;font-size:11pt;font-family:"Arial";font-style:normal}'
    '.c6{color:#000000;font-weight:400;text-decoration:none;vertical-align:baseline;font-size:9pt;font-family:"Arial";font-style:normal}'
    '.c10{font-style:italic}'
    '.c11{color:#1f3864;font-weight:700;text-decoration:none;vertical-align:baseline;font-size:12pt;font-family:"Arial";font-style:normal}'
    '.c14{color:#003082;font-weight:700;text-decoration:none;vertical-align:baseline;font-size:20pt;font-family:"Arial";font-style:normal}'
    '.c16{color:#003082;font-weight:700;text-decoration:none;vertical-align:baseline;font-size:14pt;font-family:"Arial";font-style:normal}'
    '.c22{color:#003082;font-weight:700;text-decoration:none;vertical-align:baseline;font-size:26pt;font-family:"Arial";font-style:normal}'
    '.c2{margin-left:36pt;padding-top:0pt;padding-left:0pt;padding-bottom:0pt;line-height:1.15;orphans:2;widows:2;text-align:left}'
    '.c8{margin-left:72pt;padding-top:0pt;padding-left:0pt;padding-bottom:0pt;line-height:1.15;orphans:2;widows:2;text-align:left}'
    '.c3{padding-top:0pt;padding-bottom:0pt;line-height:1.15;orphans:2;widows:2;text-align:left;height:11pt}'
    '.c4{padding-top:0pt;padding-bottom:0pt;line-height:1.0;text-align:left}'
    '.c7{padding-top:20pt;padding-bottom:6pt;line-height:1.15;page-break-after:avoid;orphans:2;widows:2;text-align:left}'
    '.c9{padding-top:0pt;padding-bottom:8pt;line-height:1.15;orphans:2;widows:2;text-align:justify}'
    '.c12{border-right-style:solid;padding:5pt 5pt 5pt 5pt;border-bottom-color:#000000;border-top-width:1pt;border-right-width:1pt;vertical-align:top}'
    '.c20{background-color:#ffffff;max-width:451.4pt;padding:72pt 72pt 72pt 72pt}'
    '.c21{padding:0;margin:0}.c25{border-spacing:0;border-collapse:collapse;margin-right:auto}'
    '.title{padding-top:0pt;color:#000000;font-size:26pt;padding-bottom:3pt;font-family:"Arial";line-height:1.15;page-break-after:avoid;orphans:2;widows:2;text-align:left}'
    'li{color:#000000;font-size:11pt;font-family:"Arial"}p{margin:0;color:#000000;font-size:11pt;font-family:"Arial"}'
)


def gd_inline(text: str, base: str = "c1") -> str:
    out = []
    for kind, val in inline_parts(text):
        if kind == "t":
            out.append(f'<span class="{base}">{html.escape(smart(val), quote=False)}</span>')
        elif kind == "em":
            out.append(f'<span class="{base} c10">{html.escape(smart(val), quote=False)}</span>')
        else:
            out.append(f'<sup><a href="#ftnt{val}" id="ftnt_ref{val}">[{val}]</a></sup>')
    return "".join(out)


def render_gdocs(blocks, footnotes) -> str:
    body: list[str] = []
    n = 0
    hid = 0
    open_list = None   # (tag, class) of the currently open flat list
    counters = {"num": 0, "alpha": 0}
    fresh_num = True   # next numbered list restarts at 1 ("start" class)

    def close():
        nonlocal open_list
        if open_list:
            body.append(f"</{open_list[0]}>")
            open_list = None

    for b in blocks:
        n += 1
        if b[0] != "li":
            close()
        if b[0] == "title":
            body.append(f'<p class="c18 title" id="h.ttl"><span class="c22">{html.escape(smart(plain(b[1])), quote=False)}</span></p>')
        elif b[0] == "h":
            hid += 1
            cls = {1: "c14", 2: "c16", 3: "c11", 4: "c5"}[b[1]]
            if b[1] == 1:
                body.append('<p class="c3"><span class="c1"></span></p>')
            body.append(f'<p class="c7" id="h.k{hid:03d}x"><span class="{cls}">{html.escape(smart(plain(b[2])), quote=False)}</span></p>')
            fresh_num = True
        elif b[0] == "p":
            body.append(f'<p class="c9">{gd_inline(b[1])}</p>')
        elif b[0] == "lines":
            body.append('<p class="c9">' + "<br>".join(gd_inline(l) for l in b[1]) + "</p>")
        elif b[0] == "table":
            rows = []
            for r in b[1]:
                tds = "".join(f'<td class="c12" colspan="1" rowspan="1"><p class="c4"><span class="c1">{html.escape(c, quote=False)}</span></p></td>' for c in r)
                rows.append(f'<tr class="c17">{tds}</tr>')
            body.append('<a id="t.' + str(n) + '"></a><a id="t.' + str(n) + '"></a><table class="c25"><tbody>' + "".join(rows) + "</tbody></table>")
            body.append('<p class="c3"><span class="c1"></span></p>')
        elif b[0] == "li":
            _, kind, depth, label, text = b
            if kind == "bullet":
                want = ("ul", "lst-kix_b7q-0")
                if open_list != want:
                    close()
                    body.append('<ul class="c21 lst-kix_b7q-0 start">')
                    open_list = want
                body.append(f'<li class="c2 li-bullet-0">{gd_inline(text)}</li>')
                continue
            lvl = 0 if kind == "num" else 1
            want = ("ol", f"lst-kix_n1x-{lvl}")
            number = int(label) if kind == "num" else ord(label) - ord("a") + 1
            if open_list != want:
                close()
                start = " start" if number == 1 else ""
                body.append(f'<ol class="c21 lst-kix_n1x-{lvl}{start}" start="{number}">')
                open_list = want
            cls = "c2" if lvl == 0 else "c8"
            body.append(f'<li class="{cls} li-bullet-0">{gd_inline(text)}</li>')
    close()
    notes = "".join(
        f'<div><p class="c4"><a href="#ftnt_ref{k}" id="ftnt{k}">[{k}]</a><span class="c6">&nbsp;{html.escape(smart(plain(v)), quote=False)}</span></p></div>'
        for k, v in sorted(footnotes.items()))
    return ('<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">'
            f'<style type="text/css">{GDOCS_STYLE}</style></head>'
            f'<body class="c20 doc-content">{"".join(body)}<hr class="c23">{notes}</body></html>')


# --------------------------------------------------------------------------------------------
# rendering (b): pandoc Markdown from .docx
# --------------------------------------------------------------------------------------------
def md_text(text: str) -> str:
    out = []
    for kind, val in inline_parts(text):
        if kind == "fn":
            out.append(f"[^{val}]")
            continue
        v = val.replace("\\", "\\\\")
        v = re.sub(r"([*_\[\]<>@$~^`])", r"\\\1", v)
        v = v.replace("–", "--").replace("—", "---").replace("“", '"').replace("”", '"')
        v = v.replace("’", "'").replace("‘", "'")
        out.append(f"*{v}*" if kind == "em" else v)
    return "".join(out)


def md_wrap(text: str, first: str, rest: str, width: int = 72) -> list[str]:
    lines = textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                          break_long_words=False, break_on_hyphens=False)
    fixed = [lines[0]] if lines else [first.rstrip()]
    for l in lines[1:]:
        body = l[len(rest):]
        if re.match(r"\d+\.\s", body):
            body = re.sub(r"^(\d+)\.", r"\1\\.", body)
        elif re.match(r"[-+*]\s", body) or body.startswith("#"):
            body = "\\" + body
        fixed.append(rest + body)
    return fixed


def render_pandoc(blocks, footnotes) -> str:
    out: list[str] = []
    toc = 529351740
    prev = None
    real_num = False
    for idx, b in enumerate(blocks):
        nxt = blocks[idx + 1] if idx + 1 < len(blocks) else ("p", "")
        if b[0] == "title":
            out.append(f"::: {{custom-style=\"Title\"}}\n{md_text(b[1])}\n:::")
        elif b[0] == "h":
            level, text = b[1], md_text(b[2])
            if level == 1:
                toc += 3
                out.append(f"# []{{#_Toc{toc} .anchor}}{text}")
            elif level == 2:
                slug = re.sub(r"[^a-z0-9]+", "-", norm(plain(b[2]))).strip("-")
                out.append(f"## {text} {{#{slug}}}")
            elif level == 3:
                out.append(f"### {text}")
            else:   # pillars were bold paragraphs in Word
                out.append(f"**{text}**")
        elif b[0] == "p":
            out.append("\n".join(md_wrap(md_text(b[1]), "", "")))
        elif b[0] == "lines":
            out.append("\\\n".join(md_text(l) for l in b[1]))
        elif b[0] == "table":
            rows = b[1]
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            lines = ["| " + " | ".join(md_text(c) for c in rows[0]) + " |",
                     "|" + "|".join("-" * max(3, len(c) + 2) for c in rows[0]) + "|"]
            lines += ["| " + " | ".join(md_text(c) for c in r) + " |" for r in rows[1:]]
            out.append("\n".join(lines))
        elif b[0] == "li":
            _, kind, depth, label, text = b
            header_like = (kind == "num" and not re.search(r"[.:;]$", text) and len(text) < 90
                           and not (nxt[0] == "li" and nxt[1] == "num")
                           and not (prev is not None and prev[0] == "li" and prev[1] == "num"))
            if header_like:
                # manually typed number in Word: pandoc escapes it so it is no list
                out.append("\n".join(md_wrap(f"{label}\\. " + md_text(text), "", "")))
                real_num = False
            elif kind == "num":
                marker = f"{label}.".ljust(4)
                out.append("\n".join(md_wrap(md_text(text), marker, "    ")))
                real_num = True
            elif kind == "alpha":
                ind = "    " if (real_num and prev is not None and prev[0] == "li") else ""
                marker = f"{label}.".ljust(4)
                out.append("\n".join(md_wrap(md_text(text), ind + marker, ind + "    ")))
            else:
                out.append("\n".join(md_wrap(md_text(text), "-   ", "    ")))
        if b[0] != "li":
            real_num = False
        prev = b
    out.append("")
    for k, v in sorted(footnotes.items()):
        out.append("\n".join(md_wrap(md_text(v), f"[^{k}]: ", "    ")))
    return "\n\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# rendering (c): lynx -dump of the plan's web page
# --------------------------------------------------------------------------------------------
def render_lynx(blocks, footnotes) -> str:
    refs = ["https://www.politie.nl/", "https://www.politie.nl/mijn-buurt/",
            "https://www.politie.nl/informatie/", "https://www.politie.nl/over-ons/"]
    out = ["   [1]Politie  [2]Mijn buurt  [3]Informatie  [4]Over de politie", ""]
    fnlink: dict[int, int] = {}

    def ltext(text: str) -> str:
        s = []
        for kind, val in inline_parts(text):
            if kind == "fn":
                refs.append(f"https://www.politie.nl/rotterdam/strategische-themas#fn{val}")
                fnlink[val] = len(refs)
                s.append(f"[{len(refs)}]{val}")
            else:
                s.append(val)
        return "".join(s)

    def wrap(text, first, rest):
        return textwrap.wrap(text, width=78, initial_indent=first, subsequent_indent=rest,
                             break_long_words=False, break_on_hyphens=False) or [first.rstrip()]

    last = None
    for b in blocks:
        if last == "li" and b[0] != "li":
            out.append("")
        last = b[0]
        if b[0] == "title":
            out += [plain(b[1]), ""]
        elif b[0] == "h":
            out += [plain(b[2]), ""] if b[1] > 1 else ["", plain(b[2]), ""]
        elif b[0] == "p":
            out += wrap(ltext(b[1]), "   ", "   ") + [""]
        elif b[0] == "lines":
            out += ["   " + plain(l) for l in b[1]] + [""]
        elif b[0] == "table":
            for r in b[1]:
                out += wrap(" ".join(c for c in r if c), "   ", "   ")
            out.append("")
        elif b[0] == "li":
            _, kind, depth, label, text = b
            if kind == "num":
                out += wrap(ltext(text), f"{label:>5}. ", " " * 7)
            elif kind == "alpha":
                out += wrap(ltext(text), f"{label:>10}. ", " " * 12)
            else:
                out += wrap(ltext(text), "     * ", " " * 7)
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text)
    for k, v in sorted(footnotes.items()):
        text += f"\n   {k} {plain(v)}\n"
    text += "\nReferences\n\n" + "\n".join(f"{i:>4}. {u}" for i, u in enumerate(refs, 1)) + "\n"
    return text


# --------------------------------------------------------------------------------------------
# two new plans of other units, written for this benchmark
# --------------------------------------------------------------------------------------------
# (a) HTML: a unit's veiligheidsplan as a CMS web page, in the "Wat willen we bereiken? /
#     Wat gaan we daarvoor doen?" convention of municipal integrale veiligheidsplannen, decimal
#     section numbers ("2.1"), bulleted doelstellingen, numbered inspanningen, and a
#     table of resultaatindicatoren with nulmeting and streefwaarde.
NN_GOALS = {
    "2.1 Ondermijning": (
        ["In 2026 is het aantal aangetroffen drugslabs en opslaglocaties in Noord-Nederland ten opzichte van 2022 gehalveerd.",
         "Alle gemeenten in de eenheid beschikken in 2024 over een actueel ondermijningsbeeld en een bestuurlijke aanpak."],
        ["We breiden het aantal integrale controles op bedrijventerreinen en in het buitengebied uit tot ten minste twaalf per jaar.",
         "We vergroten de meldingsbereidheid van ondernemers en inwoners met een jaarlijkse campagne met Meld Misdaad Anoniem.",
         "We zetten het afpakken van crimineel vermogen structureel in bij elk ondermijningsonderzoek."]),
    "2.2 Zorg en veiligheid": (
        ["Personen met verward gedrag krijgen binnen 24 uur de passende zorg in plaats van een politiecel.",
         "Het aantal E33-meldingen dat door de politie zelf wordt afgehandeld, daalt jaarlijks met tien procent."],
        ["We richten samen met de GGZ en de gemeenten in elk district een zorg- en veiligheidsteam in dat dag en nacht bereikbaar is.",
         "Wijkagenten bespreken elke kwetsbare persoon met herhaalde meldingen binnen twee weken in het Zorg- en Veiligheidshuis.",
         "We trainen alle medewerkers van de basisteams in het herkennen van verward gedrag en in de-escalerend optreden."]),
    "2.3 Digitale veiligheid": (
        ["Inwoners en ondernemers zijn weerbaarder tegen online oplichting, zodat het aantal slachtoffers in 2026 lager is dan in 2022.",
         "Van elke aangifte van online fraude wordt binnen vijf werkdagen bepaald of er opsporingsindicaties zijn."],
        ["We organiseren per basisteam ten minste twee voorlichtingsbijeenkomsten per jaar over phishing en WhatsApp-fraude voor ouderen.",
         "We breiden het aantal digitale wijkagenten uit van vier naar tien.",
         "We stellen met het Openbaar Ministerie een snelrecht-procedure op voor eenvoudige zaken van online oplichting."]),
}
NN_KPIS = [
    ("Aantal aangetroffen drugslabs en opslaglocaties", "38", "19"),
    ("Aandeel E33-meldingen afgehandeld door zorgpartners", "41 %", "70 %"),
    ("Aangiften online fraude beoordeeld binnen 5 werkdagen", "55 %", "90 %"),
]


def plan_nn_html() -> tuple[str, list[str]]:
    h = ['<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">',
         "<title>Veiligheidsplan Eenheid Noord-Nederland 2023-2026 | Politie</title></head><body>",
         '<header><nav><ul><li><a href="/">Home</a></li><li><a href="/nieuws">Nieuws</a></li>'
         '<li><a href="/over-ons">Over ons</a></li></ul></nav></header><main>',
         "<h1>Veiligheidsplan Eenheid Noord-Nederland 2023-2026</h1>",
         "<p><em>Vastgesteld door het Regionaal Beleidsplanoverleg op 14 december 2022</em></p>",
         "<h2>1. Inleiding</h2>",
         "<p>Dit veiligheidsplan beschrijft de gezamenlijke prioriteiten van de gemeenten in Groningen, "
         "Friesland en Drenthe, het Openbaar Ministerie en de politie-eenheid Noord-Nederland voor de "
         "periode 2023-2026. Het plan vormt de basis voor de jaarschijven waarin de activiteiten worden "
         "uitgewerkt. Over de voortgang wordt jaarlijks gerapporteerd in het jaarverslag.</p>",
         "<h2>2. Prioriteiten</h2>",
         "<p>Op basis van het veiligheidsbeeld en de inbreng van de gemeenteraden zijn drie prioriteiten gekozen.</p>"]
    expected = []
    for head, (goals, acts) in NN_GOALS.items():
        h.append(f"<h3>{head}</h3>")
        h.append("<p>De regionale analyse laat zien dat dit thema de komende jaren extra inzet vraagt, "
                 "naast de reguliere taken van de basisteams.</p>")
        h.append("<h4>Wat willen we bereiken?</h4><ul>" + "".join(f"<li>{html.escape(g)}</li>" for g in goals) + "</ul>")
        h.append("<h4>Wat gaan we daarvoor doen?</h4><ol>" + "".join(f"<li>{html.escape(a)}</li>" for a in acts) + "</ol>")
        expected += goals + acts
    h.append("<h2>3. Resultaatindicatoren</h2>")
    h.append("<p>De voortgang wordt gemeten met de volgende indicatoren.</p>")
    h.append("<table><thead><tr><th>Indicator</th><th>Nulmeting 2022</th><th>Streefwaarde 2026</th></tr></thead><tbody>")
    for name, base, target in NN_KPIS:
        h.append(f"<tr><td>{html.escape(name)}</td><td>{base}</td><td>{target}</td></tr>")
        expected.append(f"{name}: {target}")
    h.append("</tbody></table>")
    h.append("<h2>4. Sturing en verantwoording</h2><p>Het Regionaal Beleidsplanoverleg bespreekt twee keer per "
             "jaar de voortgang. Een tussentijdse evaluatie volgt in het voorjaar van 2025.</p>")
    h.append('</main><footer><p>&copy; Politie Noord-Nederland &middot; <a href="/privacy">Privacy</a></p></footer></body></html>')
    return "\n".join(h), expected


# (b) PDF: a basisteam's jaarplan, "Prioriteit N - ..." headings, "Doel:" lines, "Resultaten
#     2024" as bullets (•) with numeric norms, "Inzet" as lettered a) b) c) actions, with a
#     running header and page footer.
ZL_PRIOS = [
    ("Prioriteit 1 – Woninginbraken",
     "In 2024 daalt het aantal woninginbraken in de gemeenten Zaanstad en Oostzaan met 10 procent ten opzichte van 2023.",
     ["Aantal woninginbraken: maximaal 310", "Oplossingspercentage woninginbraken: ten minste 12 %"],
     ["Gerichte surveillance in de hotspotwijken Poelenburg en Kogerveld in de donkere maanden.",
      "Na elke inbraak een buurtonderzoek en een preventiebrief aan de omwonenden binnen 48 uur.",
      "Samen met de gemeente inzetten op het keurmerk Veilig Wonen bij nieuwbouw."]),
    ("Prioriteit 2 – Jeugd en straatcultuur",
     "Jongeren die afglijden naar criminaliteit worden vroeg gesignaleerd en krijgen binnen vier weken een persoonsgerichte aanpak.",
     ["Aantal problematische jeugdgroepen: van 4 naar 2", "Aandeel jongeren met een Halt-afdoening binnen 30 dagen: 85 %"],
     ["De jeugdagenten bezoeken elke middelbare school ten minste eenmaal per kwartaal.",
      "We signaleren drill-rap en online bedreigingen via de digitale wijkagent en bespreken die wekelijks met de gemeente.",
      "Bij elke aanhouding van een minderjarige voor een wapenfeit volgt een gesprek met de ouders."]),
    ("Prioriteit 3 – Bereikbaarheid en dienstverlening",
     "Inwoners kunnen de politie makkelijk bereiken en worden binnen de afgesproken tijd geholpen.",
     ["Aanrijdtijd prio 1 binnen 15 minuten: ten minste 85 %", "Terugkoppeling op aangiften binnen 14 dagen: 90 %"],
     ["Het politiebureau in Zaandam is op zaterdag geopend voor aangiften op afspraak.",
      "Elke wijkagent houdt maandelijks een spreekuur in een wijkcentrum."]),
]


def plan_zl_pdf(path: Path) -> list[str]:
    try:
        from fpdf import FPDF
    except ImportError:
        raise SystemExit("heldout2: fpdf2 is missing in .venv (pip install fpdf2)")
    fontdir = Path("/usr/share/fonts/truetype/dejavu")
    if not (fontdir / "DejaVuSans.ttf").exists():
        raise SystemExit(f"heldout2: no DejaVu fonts in {fontdir} (apt-get install fonts-dejavu-core)")

    class Doc(FPDF):
        def header(self):
            self.set_font("dv", "", 8)
            self.cell(0, 6, "Jaarplan 2024 – Basisteam Zaanstreek-Noord", align="R")
            self.ln(10)

        def footer(self):
            self.set_y(-15)
            self.set_font("dv", "", 8)
            self.cell(0, 8, f"Politie Eenheid Noord-Holland | pagina {self.page_no()}", align="C")

    pdf = Doc(format="A4")
    pdf.add_font("dv", "", str(fontdir / "DejaVuSans.ttf"))
    pdf.add_font("dv", "B", str(fontdir / "DejaVuSans-Bold.ttf"))
    pdf.add_font("dv", "I", str(fontdir / "DejaVuSans-Oblique.ttf"))
    pdf.set_auto_page_break(True, 20)
    pdf.add_page()
    W = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text, size=10, style="", indent=0.0, after=2.0):
        pdf.set_font("dv", style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(W - indent, 5, text)
        pdf.ln(after)

    def item(marker, text, indent=5.0):
        pdf.set_font("dv", "", 10)
        y = pdf.get_y()
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(6, 5, marker)
        pdf.set_xy(pdf.l_margin + indent + 6, y)
        pdf.multi_cell(W - indent - 6, 5, text)
        pdf.ln(1)

    para("Jaarplan 2024", 20, "B", after=1)
    para("Basisteam Zaanstreek-Noord", 14, "B", after=1)
    para("Vastgesteld in de lokale driehoek Zaanstad en Oostzaan op 30 januari 2024", 9, "I", after=6)
    para("1. Inleiding", 13, "B")
    para("Dit jaarplan beschrijft de prioriteiten van het basisteam Zaanstreek-Noord voor 2024. De "
         "prioriteiten volgen uit het integraal veiligheidsplan van de gemeenten en de afspraken in de "
         "lokale driehoek. Naast deze prioriteiten blijft het basisteam de noodhulp, de intake en de "
         "gebiedsgebonden politiezorg leveren.")
    para("2. Prioriteiten 2024", 13, "B")
    expected = []
    for head, goal, results, actions in ZL_PRIOS:
        para(head, 11, "B", after=1)
        para("Doel: " + goal)
        expected.append(goal)
        para("Resultaten 2024", 10, "B", after=1)
        for r in results:
            item("•", r)
            expected.append(r)
        pdf.ln(1)
        para("Inzet", 10, "B", after=1)
        for n, a in enumerate(actions):
            item(f"{chr(97 + n)})", a)
            expected.append(a)
        pdf.ln(3)
    para("3. Capaciteit en verantwoording", 13, "B")
    para("Het basisteam heeft een formatie van 142 fte. De teamchef rapporteert per kwartaal aan de "
         "lokale driehoek over de voortgang van de prioriteiten.")
    pdf.output(str(path))
    return expected


# --------------------------------------------------------------------------------------------
# running the tool
# --------------------------------------------------------------------------------------------
def ingest_alone(path: Path, meta: str | None, scratch: Path):
    from kb.library import Library
    docs = scratch / "docs"
    data = scratch / "data"
    docs.mkdir(parents=True)
    shutil.copy(path, docs / path.name)
    if meta:
        (docs / (path.stem + ".meta.toml")).write_text(meta, encoding="utf-8")
    result = Library(data).ingest([docs])
    failures = [str(f) for f in (result.failures or [])]
    return result.ambitions, failures


def meta_toml(title: str, unit: str, period: tuple[int, int]) -> str:
    title = title.replace('"', '\\"')
    return (f'title = "{title}"\nkind = "plan"\nunit = "{unit}"\n'
            f"period = [{period[0]}, {period[1]}]\n")


def first(xs, n=8):  # noqa: D103
    xs = list(xs)
    return ", ".join(xs[:n]) + (f" … (+{len(xs) - n})" if len(xs) > n else "") if xs else "-"


def main() -> int:
    from kb.library import Library
    scratch = Path(tempfile.mkdtemp(prefix="ho2-", dir="/tmp"))
    rows = []
    try:
        base = Library(scratch / "base").ingest([ROOT / "documents"])
        plan_amb = [a for a in base.ambitions if "strategische" in a.document_id or "strategische" in str(a.plan)]
        expected = {a.key: a.text for a in (plan_amb or base.ambitions)}
        print(f"expected: {len(expected)} ambitions from the bundled plan (.txt)\n")

        blocks, footnotes = read_plan(PLAN)
        renders = {
            "gdocs": ("rotterdam-strategische-themas-gdocs.html", render_gdocs(blocks, footnotes)),
            "pandoc": ("rotterdam-strategische-themas-pandoc.md", render_pandoc(blocks, footnotes)),
            "lynx": ("rotterdam-strategische-themas-lynx.txt", render_lynx(blocks, footnotes)),
        }
        meta = meta_toml(TITLE, "Eenheid Rotterdam", (2019, 2022))
        for style, (name, content) in renders.items():
            src = scratch / "src" / name
            src.parent.mkdir(parents=True, exist_ok=True)
            src.write_text(content, encoding="utf-8")
            ambs, failures = ingest_alone(src, meta, scratch / style)
            got = {}
            for a in ambs:
                got.setdefault(a.key, a.text)
            ok = [k for k in expected if k in got and same(expected[k], got[k], 0.95)]
            changed = [k for k in expected if k in got and k not in ok]
            missing = [k for k in expected if k not in got]
            extra = [k for k in got if k not in expected]
            print(f"[{style}] {name}: {len(ok)}/{len(expected)} same"
                  + (f"  (ingest failures: {failures})" if failures else ""))
            print(f"    changed ({len(changed)}): {first(changed)}")
            for k in changed[:3]:
                r = difflib.SequenceMatcher(None, norm(expected[k]), norm(got[k]), autojunk=False).ratio()
                print(f"      {k} ratio {r:.2f}: expected {expected[k][:70]!r}\n{'':{len(k) + 18}}got {got[k][:70]!r}")
            print(f"    missing ({len(missing)}): {first(missing)}")
            print(f"    extra ({len(extra)}): {first(extra)}\n")
            rows.append((name, Path(name).suffix[1:] + f" ({style})", len(expected), len(ok),
                         len(missing) + len(changed), len(extra)))

        # new plans: match by text, any key
        html_text, nn_expected = plan_nn_html()
        nn = scratch / "src" / "veiligheidsplan-noord-nederland-2023-2026.html"
        nn.write_text(html_text, encoding="utf-8")
        zl = scratch / "src" / "jaarplan-2024-basisteam-zaanstreek-noord.pdf"
        zl_expected = plan_zl_pdf(zl)
        for path, exp, meta_ in (
                (nn, nn_expected, meta_toml("Veiligheidsplan Eenheid Noord-Nederland 2023-2026", "Eenheid Noord-Nederland", (2023, 2026))),
                (zl, zl_expected, meta_toml("Jaarplan 2024 Basisteam Zaanstreek-Noord", "Eenheid Noord-Holland", (2024, 2024)))):
            ambs, failures = ingest_alone(path, meta_, scratch / path.stem)
            texts = [a.text for a in ambs]
            used = set()
            found = 0
            missing = []
            for e in exp:
                hit = next((i for i, t in enumerate(texts) if i not in used and same(e, t, 0.9)), None)
                if hit is None:
                    missing.append(e)
                else:
                    used.add(hit)
                    found += 1
            extra = [ambs[i] for i in range(len(ambs)) if i not in used]
            print(f"[new] {path.name}: {found}/{len(exp)} found, {len(extra)} extra"
                  + (f"  (ingest failures: {failures})" if failures else ""))
            for m in missing[:8]:
                print(f"    missing: {m[:100]}")
            for a in extra[:8]:
                print(f"    extra:   {a.key}: {a.text[:90]}")
            print()
            rows.append((path.name, path.suffix[1:] + " (new)", len(exp), found, len(missing), len(extra)))
    finally:
        if "--keep" not in sys.argv:
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            print("kept", scratch)

    head = ("document", "format", "expected", "same text", "missing", "extra")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(6)]
    line = "  ".join(f"{{:{'<' if i < 2 else '>'}{w}}}" for i, w in enumerate(widths))
    print(line.format(*head))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line.format(*r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
