"""Held-out renderings of the bundled plan, built blind (without looking at the parsers or at the
renderings the parsers were tuned on), ingested for real and compared with the bundled text.

    .venv/bin/python benchmarks/heldout_renderings.py [--keep DIR]

The plan's words are read from documents/rotterdam-strategische-themas-2019-2022.txt; only the
presentation changes. Four renderings:

  word-html   Word "Save as web page (filtered)": windows-1252, MsoNormal/MsoListParagraph
              paragraphs with typed numbers (mso-list:Ignore), Symbol-font bullets, headings as
              bold spans (no <h*>), [1]-style footnotes, monitor set as a table with rowspan.
  wiki-md     Markdown export of a wiki/CMS: Setext headings, `1)` items with lazily continued
              wrapped lines, `a)` sub-items, `*` bullets, pipe tables with alignment colons,
              [^n] footnotes, [[_TOC_]].
  fpdf-pdf    PDF printed from a word processor (fpdf2, Liberation Serif/Sans = Times/Helvetica
              metrics): justified text, headings numbered "3.2", items "1." / "a)" with hanging
              indent, running header with the unit, "Pagina X van Y" footer, two-level TOC.
  viewer-txt  Text copied out of a PDF viewer: hard breaks at ~80 columns, words hyphenated at
              line ends, running header, page number alone on a line, form feeds between pages.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = "rotterdam-strategische-themas-2019-2022"
SRC = ROOT / "documents" / f"{DOC}.txt"
META = ROOT / "documents" / f"{DOC}.meta.toml"

# --------------------------------------------------------------------------------------------
# 1. The plan as a structure (what the author's word processor knew), read from the .txt
# --------------------------------------------------------------------------------------------

H1 = {"Voorwoord", "Samenvatting", "Leden van het Regionaal Veiligheidsoverleg", "Bijlagen"}
H2 = {"Regionaal Veiligheidsoverleg van de politie Rotterdam", "Beschrijving van de eenheid Rotterdam",
      "Inzet op lokale veiligheidsproblemen",
      "Ontwikkelopdracht voor de eenheid Rotterdam voor de periode 2019 – 2022",
      "Bijlage 1: Formatieplan eenheid Rotterdam"}
H3 = {"Waar willen we in 2022 staan?", "Waar willen wij in 2022 staan?", "Hoe gaan we dit bereiken?",
      "Formatie districten, basisteams en wijkagenten", "Namen districten en basisteams eenheid Rotterdam",
      "Politie voor iedereen", "Ondermijning", "Cybercrime", "Burger centraal, slachtoffer voorop",
      "Inzetbaarheid", "Overig"}
H4 = {"Meer verbinding met de samenleving.", "Meer inclusieve werkcultuur",
      "Variëteit: meer divers samengestelde teams", "Betere aanpak met partners van discriminatie",
      "Belang van vakmanschap & vakontwikkeling", "Alertheid bij het voorkomen",
      "Operationeel inzetbaar in geval van", "Zicht op extremisme en radicalisering",
      "Vakmanschap, alertheid en weerbaarheid", "Maatwerk in dienstverlening en bescherming",
      "Bijzondere aandacht voor kwetsbare doelgroepen", "Betekenisvol interveniëren",
      "Participerende politie"}
THEMES = {"Politie voor iedereen", "Contraterrorisme, extremisme en radicalisering", "Ondernijning",
          "Cybercrime", "Burger centraal, slachtoffer voorop", "Beheersing van openbare orde risico's"}
CH4_HEADS = {"Het op sterkte krijgen en houden van de eenheid", "Vitaliteit en weerbaarheid",
             "Capaciteitsmanagement"}
FOOTMARK = "¹²³⁴⁵⁶⁷⁸⁹"


def read_plan() -> dict:
    raw = SRC.read_text(encoding="utf-8")
    lines = raw.split("\n")
    start = next(i for i, l in enumerate(lines) if l.strip() == "Inhoud")
    title = "Strategische thema's veiligheid 2019 – 2022"
    toc, i = [], start + 1
    while not lines[i].strip():
        i += 1
    while lines[i].strip():
        parts = lines[i].split("\t")
        toc.append((parts[0].strip(), parts[1].strip(), parts[2].strip()))
        i += 1
    rest = lines[i:]

    # units: one per non-blank line; runs of tab lines become one table unit
    units: list[tuple[str, object]] = []
    j = 0
    while j < len(rest):
        line = rest[j]
        if "\t" in line or (line.strip() == "" and line != "" and j + 1 < len(rest) and "\t" in rest[j + 1]):
            rows = []
            while j < len(rest) and ("\t" in rest[j] or (rest[j].strip() == "" and rest[j] != "")):
                if "\t" in rest[j]:
                    rows.append([c.strip() for c in rest[j].split("\t")])
                j += 1
            units.append(("table", rows))
            continue
        if line.strip():
            units.append(("line", line.rstrip()))
        j += 1

    # rejoin what a page break cut apart ("... aard en" / "omvang ...", "buurtpre-" / "ventie")
    joined: list[list] = []
    for kind, val in units:
        if kind == "line":
            s = val.strip()
            body = s[2:] if s.startswith("- ") and not re.match(r"- [a-z]\. ", s) else s
            if body and (body[0].islower() or body[0] == "("):
                k = len(joined) - 1
                while k >= 0 and joined[k][0] == "line" and joined[k][1].lstrip()[:1] in FOOTMARK:
                    k -= 1
                prev = joined[k] if k >= 0 else None
                if prev and prev[0] == "line" and not re.search(r"[.!?:;*]$", prev[1]):
                    if prev[1].endswith("-") and body[0].islower():
                        prev[1] = prev[1][:-1] + body
                    else:
                        prev[1] = prev[1] + " " + body
                    continue
        joined.append([kind, val])

    blocks: list[tuple] = []  # the structure the renderers share
    chapter = None
    region = ""
    n = 0

    def cur_list(kind):
        if blocks and blocks[-1][0] == kind:
            return blocks[-1][1]
        blocks.append((kind, []))
        return blocks[-1][1]

    while n < len(joined):
        kind, val = joined[n]
        if kind == "table":
            caption = None
            if blocks and blocks[-1][0] == "p" and blocks[-1][1].startswith("Tabel "):
                caption = blocks.pop()[1]
            blocks.append(("table", val, caption))
            n += 1
            continue
        s = val.strip()
        nxt = joined[n + 1][1].strip() if n + 1 < len(joined) and joined[n + 1][0] == "line" else ""
        # chapter opener: "3" / "Zes veiligheids- thema's voor 2022" / "Zes veiligheidsthema's voor 2022"
        if re.fullmatch(r"\d", s):
            chapter = s
            title2 = joined[n + 2][1].strip()
            blocks.append(("h", 1, s, title2))
            region = "chapter"
            n += 3
            continue
        if s == "Bijlage 1" and nxt.startswith("Formatieplan"):  # divider page of the appendices
            while joined[n][0] != "line" or joined[n][1].strip() != "Bijlagen":
                n += 1
            continue
        if s == "Bijlage 2:":
            blocks.append(("h", 2, "", "Bijlage 2: " + nxt))
            n += 2
            continue
        if s in H1:
            blocks.append(("h", 1, "", s))
            region = "leden" if s.startswith("Leden") else ""
            chapter = None
            n += 1
            continue
        if region == "leden" and re.match(r"^[A-Z]\.", s) and nxt:
            cur_list("members").append((s, nxt))
            n += 2
            continue
        if s in H2:
            blocks.append(("h", 2, "", s))
        elif s in H3:
            blocks.append(("h", 3, "", s))
        elif s in H4:
            blocks.append(("h", 4, "", s))
        elif s[:1] in FOOTMARK:
            blocks.append(("fn", s[0], s[1:].strip()))
        elif (m := re.match(r"^(\d+)\. (.+)$", s)) and (
                (chapter == "1" and not m.group(2).endswith(".")) or (chapter == "3" and m.group(2) in THEMES)
                or (chapter == "4" and m.group(2) in CH4_HEADS)):
            level = 4 if chapter == "4" else 2
            blocks.append(("h", level, m.group(1), m.group(2)))
        elif m := re.match(r"^(\d+)\. (.+)$", s):
            cur_list("ol").append([m.group(1), m.group(2), []])
        elif (m := re.match(r"^- ([a-z])\. (.+)$", s)) and not (blocks and blocks[-1][0] == "ul"):
            if blocks and blocks[-1][0] == "ol":
                blocks[-1][1][-1][2].append((m.group(1), m.group(2)))
            else:
                cur_list("ul").append(m.group(2))
        elif m := re.match(r"^- (?:[a-z]\. )?(.+)$", s):
            cur_list("ul").append(m.group(1))
        else:
            blocks.append(("p", s))
        n += 1
    return {"title": title, "toc": toc, "blocks": blocks}


def plain(text: str) -> str:
    """Without the *emphasis* markers of the .txt."""
    return re.sub(r"\*([^*]+)\*", r"\1", text)


def heading_number(level: int, label: str, chapter: str | None) -> str:
    if level == 1:
        return label
    if level == 2 and label and chapter:
        return f"{chapter}.{label}"
    return label


# --------------------------------------------------------------------------------------------
# 2. Renderings
# --------------------------------------------------------------------------------------------

def word_html(plan: dict) -> bytes:
    def esc(t: str) -> str:
        t = html.escape(t, quote=False).replace("'", "’")
        t = re.sub(r"\*([^*]+)\*", r"<i>\1</i>", t)
        t = re.sub(f"[{FOOTMARK}]", lambda m: fnref(FOOTMARK.index(m.group()) + 1), t)
        return t

    def fnref(k: int) -> str:
        return (f'<a href="#_ftn{k}" name="_ftnref{k}" title=""><span class=MsoFootnoteReference>'
                f'<span style=\'mso-special-character:footnote\'><![if !supportFootnotes]>[{k}]<![endif]>'
                f'</span></span></a>')

    nb = "&nbsp;"
    out = ['<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
           ' xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">',
           '<head>', '<meta http-equiv=Content-Type content="text/html; charset=windows-1252">',
           '<meta name=Generator content="Microsoft Word 15 (filtered)">',
           f'<title>{esc(plan["title"])}</title>',
           '<style>\n<!--\n p.MsoNormal, li.MsoNormal {margin:0cm;margin-bottom:8.0pt;line-height:107%;'
           'font-size:11.0pt;font-family:"Calibri",sans-serif;}\n p.MsoListParagraph {margin-top:0cm;'
           'margin-right:0cm;margin-bottom:8.0pt;margin-left:36.0pt;font-size:11.0pt;}\n'
           ' span.MsoFootnoteReference {vertical-align:super;}\n p.MsoToc1 {margin-bottom:5.0pt;}\n'
           ' p.MsoToc2 {margin-left:11.0pt;margin-bottom:5.0pt;}\n-->\n</style>', '</head>',
           "<body lang=NL link=\"#0563C1\" vlink=\"#954F72\" style='word-wrap:break-word'>",
           '<div class=WordSection1>',
           f"<p class=MsoNormal align=center style='text-align:center'><span style='font-size:26.0pt;"
           f"line-height:107%;font-family:\"Arial\",sans-serif;color:#1F3864'>{esc(plan['title'])}</span></p>",
           "<p class=MsoNormal align=center style='text-align:center'><span style='font-size:16.0pt;"
           "font-weight:bold'>Eenheid Rotterdam</span></p>",
           "<p class=MsoNormal align=center style='text-align:center'>Vastgesteld door Regionaal"
           f"{nb}Veiligheidsoverleg op 12{nb}november{nb}2018</p>",
           "<span style='font-size:11.0pt;font-family:\"Calibri\",sans-serif'><br clear=all "
           "style='page-break-before:always'></span>",
           "<p class=MsoNormal><span style='font-size:16.0pt;font-weight:bold;color:#1F3864'>Inhoud</span></p>"]
    for k, (num, title, page) in enumerate(plan["toc"], 1):
        cls = "MsoToc2" if title.startswith("Bijlage ") else "MsoToc1"
        lead = f"{num}<span style='font-size:11.0pt;color:windowtext'>{nb*4}</span>" if num else ""
        out.append(f"<p class={cls}><span class=MsoHyperlink><a href=\"#_Toc5288{k:02d}\">{lead}{esc(title)}"
                   f"<span style='color:windowtext;display:none;text-decoration:none'>. </span>"
                   f"<span style='color:windowtext;text-decoration:none'>{page}</span></a></span></p>")
    chapter = None
    toc_k = 0
    footnotes = []
    for b in plan["blocks"]:
        kind = b[0]
        if kind == "h":
            _, level, label, text = b
            if level == 1:
                chapter = label or None
                toc_k += 1
                num = f"{label}<span style='font:7.0pt \"Times New Roman\"'>{nb*5} </span>" if label else ""
                out.append("<span style='font-size:11.0pt'><br clear=all style='page-break-before:always'></span>")
                out.append(f"<p class=MsoNormal style='margin-top:24.0pt'><a name=\"_Toc5288{toc_k:02d}\"></a>"
                           f"<span style='font-size:18.0pt;line-height:107%;font-family:\"Arial\",sans-serif;"
                           f"font-weight:bold;color:#1F3864'>{num}{esc(text)}</span></p>")
            elif level == 2:
                num = heading_number(2, label, "3" if chapter == "3" else None) if label else ""
                if label and chapter != "3":
                    num = label + "."
                num = f"{num}{nb*2}" if num else ""
                out.append(f"<p class=MsoNormal style='margin-top:12.0pt;page-break-after:avoid'>"
                           f"<span style='font-size:13.0pt;line-height:107%;font-family:\"Arial\",sans-serif;"
                           f"font-weight:bold;color:#2F5496'>{num}{esc(text)}</span></p>")
            elif level == 3:
                out.append(f"<p class=MsoNormal style='page-break-after:avoid'><b><i><span style='color:#2F5496'>"
                           f"{esc(text)}</span></i></b></p>")
            else:
                num = f"{label}.{nb}" if label else ""
                out.append(f"<p class=MsoNormal style='page-break-after:avoid'><span style='font-weight:bold'>"
                           f"<u>{num}{esc(text)}</u></span></p>")
        elif kind == "p":
            out.append(f"<p class=MsoNormal style='text-align:justify'>{esc(b[1])}</p>")
        elif kind == "fn":
            footnotes.append(b[2])
        elif kind == "ol":
            items = b[1]
            for x, (num, text, subs) in enumerate(items):
                pos = "First" if x == 0 else ("Last" if x == len(items) - 1 and not subs else "Middle")
                out.append(f"<p class=MsoListParagraphCxSp{pos} style='margin-left:36.0pt;text-align:justify;"
                           f"text-indent:-18.0pt;mso-list:l{len(out) % 7} level1 lfo{x + 1}'><![if !supportLists]>"
                           f"<span style='mso-list:Ignore'>{num}.<span style='font:7.0pt \"Times New Roman\"'>"
                           f"{nb*5} </span></span><![endif]>{esc(text)}</p>")
                for letter, sub in subs:
                    out.append(f"<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;text-align:justify;"
                               f"text-indent:-18.0pt;mso-list:l0 level2 lfo{x + 1}'><![if !supportLists]>"
                               f"<span style='mso-list:Ignore'>{letter}.<span style='font:7.0pt \"Times New Roman\"'>"
                               f"{nb*5} </span></span><![endif]>{esc(sub)}</p>")
        elif kind == "ul":
            lettered = False
            for x, text in enumerate(b[1]):
                out.append(f"<p class=MsoListParagraphCxSpMiddle style='margin-left:36.0pt;text-indent:-18.0pt;"
                           f"mso-list:l3 level1 lfo2'><![if !supportLists]><span style='font-family:Symbol'>"
                           f"<span style='mso-list:Ignore'>·<span style='font:7.0pt \"Times New Roman\"'>"
                           f"{nb*7} </span></span></span><![endif]>{esc(text)}</p>")
        elif kind == "members":
            out.append("<table class=MsoTableGrid border=0 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>")
            pairs = b[1]
            for r in range(0, len(pairs), 3):
                out.append(" <tr>")
                for name, place in pairs[r:r + 3]:
                    out.append(f"  <td width=200 valign=top style='padding:0cm 5.4pt'><p class=MsoNormal>"
                               f"<b>{esc(name)}</b><br>{esc(place)}</p></td>")
                out.append(" </tr>")
            out.append("</table>")
        elif kind == "table":
            _, rows, caption = b
            if caption:
                out.append(f"<p class=MsoCaption><i><span style='font-size:9.0pt;color:#44546A'>{esc(caption)}"
                           f"</span></i></p>")
            out.append("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:"
                       "collapse;border:none'>")
            for r in rows:
                out.append(" <tr>")
                for c in r:
                    out.append(f"  <td valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'>"
                               f"<p class=MsoNormal style='margin-bottom:0cm'><span style='font-size:8.0pt'>"
                               f"{esc(c) if c else nb}</span></p></td>")
                out.append(" </tr>")
            out.append("</table><p class=MsoNormal>&nbsp;</p>")
    out = monitor_table_html(out, plan, esc)
    out.append("</div>")
    out.append("<div style='mso-element:footnote-list'><br clear=all><hr align=left size=1 width=\"33%\">")
    for k, text in enumerate(footnotes, 1):
        out.append(f"<div style='mso-element:footnote' id=ftn{k}><p class=MsoFootnoteText>"
                   f"<a href=\"#_ftnref{k}\" name=\"_ftn{k}\" title=\"\"><span class=MsoFootnoteReference>"
                   f"[{k}]</span></a> {esc(text)}</p></div>")
    out.append("</div></body></html>")
    return "\r\n".join(out).encode("cp1252", errors="xmlcharrefreplace")


def monitor_groups(plan: dict) -> list[tuple[str, list[str]]]:
    """Bijlage 2's indicators per theme."""
    groups, inside, head = [], False, None
    for b in plan["blocks"]:
        if b[0] == "h" and b[3].startswith("Bijlage 2"):
            inside = True
        elif inside and b[0] == "h" and b[2] == "" and b[1] == 3:
            head = b[3]
        elif inside and b[0] == "ul" and head:
            groups.append((head, b[1]))
            head = None
    return groups


def monitor_table_html(out: list[str], plan: dict, esc) -> list[str]:
    """Word: the monitor set was a two-column table, not headings with bullets."""
    groups = monitor_groups(plan)
    start = next(i for i, l in enumerate(out) if "Bijlage 2: " in l and "MsoToc" not in l)  # the heading, not its contents line
    firsth = next(i for i in range(start + 1, len(out)) if "Politie voor iedereen" in out[i])
    lasti = max(i for i, l in enumerate(out) if "Executie: op basis van Veiligheidsagenda" in l)
    table = ["<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 width=604 style='border-collapse:"
             "collapse;border:none'>",
             " <tr style='background:#D9E2F3'><td width=200 style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'>"
             "<p class=MsoNormal style='margin-bottom:0cm'><b>Thema</b></p></td><td width=404 style='border:solid"
             " windowtext 1.0pt;padding:0cm 5.4pt'><p class=MsoNormal style='margin-bottom:0cm'><b>Indicator</b>"
             "</p></td></tr>"]
    for theme, items in groups:
        for x, item in enumerate(items):
            first = (f"  <td width=200 rowspan={len(items)} valign=top style='border:solid windowtext 1.0pt;"
                     f"padding:0cm 5.4pt'><p class=MsoNormal style='margin-bottom:0cm'><span style='font-weight:"
                     f"bold'>{esc(theme)}</span></p></td>\r\n") if x == 0 else ""
            table.append(f" <tr>\r\n{first}  <td width=404 valign=top style='border:solid windowtext 1.0pt;"
                         f"padding:0cm 5.4pt'><p class=MsoNormal style='margin-bottom:0cm'>{esc(item)}</p></td>\r\n </tr>")
    table.append("</table><p class=MsoNormal>&nbsp;</p>")
    return out[:firsth] + table + out[lasti + 1:]


def wiki_md(plan: dict) -> str:
    def md(t: str) -> str:
        t = re.sub(r"\*([^*]+)\*", r"_\1_", t)
        return re.sub(f"[{FOOTMARK}]", lambda m: f"[^{FOOTMARK.index(m.group()) + 1}]", t)

    def lazy(prefix: str, text: str, width: int = 72) -> list[str]:
        lines = textwrap.wrap(md(text), width=width - len(prefix), break_long_words=False,
                              break_on_hyphens=False)
        return [prefix + lines[0]] + lines[1:]  # continuation lines not indented: "lazy"

    out = [plan["title"], "=" * len(plan["title"]), "", "**Eenheid Rotterdam** · Vastgesteld door Regionaal "
           "Veiligheidsoverleg op 12 november 2018", "", "[[_TOC_]]", ""]
    chapter = None
    footnotes = []
    for b in plan["blocks"]:
        kind = b[0]
        if kind == "h":
            _, level, label, text = b
            if level == 1:
                chapter = label or None
                t = f"{label}. {text}" if label else text
                out += [t, "=" * len(t), ""]
            elif level == 2:
                t = f"{label}. {text}" if label else text
                out += [md(t), "-" * len(t), ""]
            elif level == 3:
                out += [f"### {md(text)}", ""]
            else:
                out += [f"**{label + '. ' if label else ''}{md(text)}**", ""]
        elif kind == "p":
            out += [md(b[1]), ""]
        elif kind == "fn":
            footnotes.append(b[2])
        elif kind == "ol":
            for num, text, subs in b[1]:
                out += lazy(f"{num}) ", text)
                for letter, sub in subs:
                    out += lazy(f"    {letter}) ", sub)
            out.append("")
        elif kind == "ul":
            for text in b[1]:
                out += lazy("* ", text)
            out.append("")
        elif kind == "members":
            out += ["| Naam | Gemeente / functie |", "|:-----|:-------------------|"]
            out += [f"| {n} | {p} |" for n, p in b[1]] + [""]
        elif kind == "table":
            _, rows, caption = b
            if caption:
                out += [f"_{caption}_", ""]
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            out.append("| " + " | ".join(c or " " for c in rows[0]) + " |")
            out.append("|" + "|".join(":---" if x == 0 else "---:" for x in range(width)) + "|")
            for r in rows[1:]:
                out.append("| " + " | ".join(c.replace("<i>", "_").replace("</i>", "_") for c in r) + " |")
            out.append("")
    # the monitor set as one table (the wiki page had it that way)
    groups = monitor_groups(plan)
    text = "\n".join(out)
    a = text.index("### Politie voor iedereen\n\n* Tevredenheid functioneren")
    z = text.index("* Executie: op basis van Veiligheidsagenda") + len("* Executie: op basis van Veiligheidsagenda\n")
    table = ["| Thema | Indicator |", "|:------|:----------|"]
    for theme, items in groups:
        for x, item in enumerate(items):
            table.append(f"| {'**' + theme + '**' if x == 0 else ''} | {md(item)} |")
    text = text[:a] + "\n".join(table) + "\n" + text[z:]
    text += "\n" + "\n".join(f"[^{k}]: {md(f)}" for k, f in enumerate(footnotes, 1)) + "\n"
    return text


def viewer_txt(plan: dict) -> str:
    """Text as a PDF viewer hands it over after select-all / copy."""
    W, PAGE = 80, 52
    body: list[str] = [""] * 6 + [plan["title"].center(W).rstrip(), "", "Eenheid Rotterdam".center(W).rstrip(),
                                  "", "", "Vastgesteld door".center(W).rstrip(),
                                  "Regionaal Veiligheidsoverleg op".center(W).rstrip(),
                                  "12 november 2018".center(W).rstrip(), "\f"]
    body += ["Inhoud", ""]
    for num, title, page in plan["toc"]:
        left = f"{num:<4}{title} "
        body.append(left + "." * (W - len(left) - len(page) - 1) + " " + page)
    body.append("\f")

    def wrap(text: str, first: str, rest: str) -> list[str]:
        words, lines, cur = plain(text).split(), [], first
        for w in words:
            sep = "" if cur in (first, rest) else " "
            if len(cur) + len(sep) + len(w) <= W:
                cur += sep + w
                continue
            room = W - len(cur) - len(sep) - 1
            core = re.match(r"[A-Za-zÀ-ÿ]+", w)
            if room >= 3 and core and len(core.group()) >= 8:  # hyphenate, as the PDF was set justified
                cut = min(room, len(core.group()) - 3)
                while cut > 2 and w[cut - 1] in "aeiouy" and w[cut] in "aeiouy":
                    cut -= 1
                if cut >= 3:
                    lines.append(cur + sep + w[:cut] + "-")
                    cur, w = rest, w[cut:]
                    cur += w
                    continue
            if "-" in w[:room + 1] and w.index("-") >= 2:  # break after an existing hyphen
                k = w.rindex("-", 0, room + 1)
                lines.append(cur + sep + w[:k + 1])
                cur = rest + w[k + 1:]
                continue
            lines.append(cur)
            cur = rest + w
        lines.append(cur)
        return [l.rstrip() for l in lines]

    chapter = None
    for b in plan["blocks"]:
        kind = b[0]
        if kind == "h":
            _, level, label, text = b
            if level == 1:
                chapter = label or None
                body.append("\f")
                body += [f"{label}   {text}" if label else text, ""]
            elif level == 2:
                num = f"{chapter}.{label}  " if (label and chapter) else ""
                body += ["", num + text, ""]
            else:
                body += [f"{label}. {text}" if label else text]
        elif kind == "p":
            body += wrap(b[1], "", "") + [""]
        elif kind == "fn":
            body += wrap(b[1] + " " + b[2], "", "   ") + [""]
        elif kind == "ol":
            for num, text, subs in b[1]:
                body += wrap(text, f"{num}.".ljust(4), "    ")
                for letter, sub in subs:
                    body += wrap(sub, f"    {letter}.  ", "        ")
            body.append("")
        elif kind == "ul":
            for text in b[1]:
                body += wrap(text, "•   ", "    ")
            body.append("")
        elif kind == "members":
            for r in range(0, len(b[1]), 3):
                row = b[1][r:r + 3]
                body.append("".join(n.ljust(27) for n, _ in row).rstrip())
                body.append("".join(p.ljust(27) for _, p in row).rstrip())
                body.append("")
        elif kind == "table":
            _, rows, caption = b
            if caption:
                body += [caption, ""]
            for r in rows:
                cells = [re.sub(r"</?i>", "", c) for c in r]
                body.append("  ".join(c.ljust(12) if x else c.ljust(34) for x, c in enumerate(cells) if c).rstrip())
            body.append("")
    # paginate: running header, page number alone on a line, form feed
    pages, cur = [], []
    for line in body:
        if line == "\f":
            if any(l.strip() for l in cur):
                pages.append(cur)
            cur = []
            continue
        cur.append(line)
        if len(cur) >= PAGE:
            pages.append(cur)
            cur = []
    if cur:
        pages.append(cur)
    out = []
    for k, p in enumerate(pages, 1):
        while p and not p[0].strip():
            p = p[1:]
        head = [] if k == 1 else [f"Eenheid Rotterdam{plan['title'].rjust(W - 17)}", ""]
        out.append("\n".join(head + p + ["", str(k)]))
    return "\n\f".join(out) + "\n"


def fpdf_pdf(plan: dict, path: Path) -> None:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    fonts = Path("/usr/share/fonts/truetype/liberation")
    if not (fonts / "LiberationSans-Regular.ttf").exists():
        raise SystemExit("de rendering fpdf-pdf heeft de Liberation-fonts nodig: "
                         "sudo apt-get install fonts-liberation")
    title = plan["title"]

    class Doc(FPDF):
        def header(self):
            if self.page_no() == 1:
                return
            self.set_font("sans", "", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, "Eenheid Rotterdam", new_x=XPos.LMARGIN, new_y=YPos.TOP)
            self.cell(0, 5, title, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
            self.ln(6)
            self.set_text_color(0, 0, 0)

        def footer(self):
            if self.page_no() == 1:
                return
            self.set_y(-15)
            self.set_font("serif", "I", 8)
            self.cell(0, 10, f"Pagina {self.page_no()} van {{nb}}", align="C")

    pdf = Doc(format="A4")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, 22)
    for style, name in [("", "Regular"), ("B", "Bold"), ("I", "Italic"), ("BI", "BoldItalic")]:
        pdf.add_font("serif", style, str(fonts / f"LiberationSerif-{name}.ttf"))
        pdf.add_font("sans", style, str(fonts / f"LiberationSans-{name}.ttf"))
    pdf.set_title(title)
    pdf.set_author("Politie eenheid Rotterdam")
    pdf.set_creator("Microsoft® Word voor Microsoft 365")
    pdf.alias_nb_pages()
    pdf.set_section_title_styles  # (the TOC below is drawn by hand, as Word would)

    def md(t: str) -> str:
        t = t.replace("**", "").replace("__", "_").replace("--", "–")
        return re.sub(r"\*([^*]+)\*", r"__\1__", t)

    def para(text: str, size=11, indent=0.0, label: str | None = None, align="J", style=""):
        pdf.set_font("serif", style, size)
        x0 = pdf.l_margin + indent
        if label is not None:
            pdf.set_x(x0)
            pdf.cell(7, 5.2, label)
            x0 += 7
        pdf.set_x(x0)
        pdf.multi_cell(pdf.w - pdf.r_margin - x0, 5.2, md(text), align=align, markdown=True,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.6)

    # cover
    pdf.add_page()
    pdf.set_y(90)
    pdf.set_font("sans", "B", 24)
    pdf.multi_cell(0, 11, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    pdf.set_font("sans", "", 16)
    pdf.cell(0, 8, "Eenheid Rotterdam", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(240)
    pdf.set_font("serif", "I", 11)
    pdf.multi_cell(0, 5.5, "Vastgesteld door\nRegionaal Veiligheidsoverleg op\n12 november 2018", align="C",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    # two-level table of contents, filled in after layout
    heads = []
    def render_toc(pdf_, outline):
        pdf_.set_font("sans", "B", 16)
        pdf_.cell(0, 10, "Inhoud", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf_.ln(4)
        for sec in outline:
            if sec.level > 1:
                continue
            indent = 0 if sec.level == 0 else 10
            pdf_.set_font("serif", "B" if sec.level == 0 else "", 11 if sec.level == 0 else 10)
            pdf_.set_x(pdf_.l_margin + indent)
            name = sec.name
            pdf_.cell(pdf_.epw - indent - 12, 6, name, new_x=XPos.RIGHT, new_y=YPos.TOP)
            pdf_.cell(12, 6, str(sec.page_number), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.add_page()
    pdf.insert_toc_placeholder(render_toc, pages=1)

    chapter = None
    footnotes_here = []
    for b in plan["blocks"]:
        kind = b[0]
        if kind == "h":
            _, level, label, text = b
            if level == 1:
                chapter = label or None
                pdf.add_page()
                t = f"{label}   {text}" if label else text
                pdf.start_section(t.replace("   ", " "), level=0)
                pdf.set_font("sans", "B", 18)
                pdf.set_text_color(31, 56, 100)
                pdf.multi_cell(0, 9, t, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.set_text_color(0, 0, 0)
                pdf.ln(4)
            elif level == 2:
                num = f"{chapter}.{label}" if (label and chapter) else ""
                t = f"{num}  {text}" if num else text
                if pdf.get_y() > pdf.h - 50:
                    pdf.add_page()
                pdf.ln(3)
                pdf.start_section(t.replace("  ", " "), level=1)
                pdf.set_font("sans", "B", 13)
                pdf.multi_cell(0, 7, t, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(1.5)
            elif level == 3:
                if pdf.get_y() > pdf.h - 45:
                    pdf.add_page()
                pdf.ln(1)
                pdf.set_font("sans", "BI", 11)
                pdf.multi_cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(1)
            else:
                if pdf.get_y() > pdf.h - 40:
                    pdf.add_page()
                pdf.set_font("serif", "B", 11)
                pdf.multi_cell(0, 5.5, f"{label}. {text}" if label else text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(0.8)
        elif kind == "p":
            para(b[1])
        elif kind == "fn":
            pdf.set_draw_color(120, 120, 120)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 40, pdf.get_y())
            pdf.ln(1)
            para(b[2], size=8, label=b[1], align="L")
        elif kind == "ol":
            for num, text, subs in b[1]:
                para(text, indent=0, label=f"{num}.")
                for letter, sub in subs:
                    para(sub, indent=7, label=f"{letter})")
        elif kind == "ul":
            for text in b[1]:
                para(text, indent=2, label="•")
        elif kind == "members":
            pdf.set_font("serif", "", 10)
            pairs = b[1]
            colw = pdf.epw / 3
            for r in range(0, len(pairs), 3):
                if pdf.get_y() > pdf.h - 35:
                    pdf.add_page()
                y = pdf.get_y()
                for x, (name, place) in enumerate(pairs[r:r + 3]):
                    pdf.set_xy(pdf.l_margin + x * colw, y)
                    pdf.set_font("serif", "B", 10)
                    pdf.cell(colw, 5, name, new_x=XPos.LEFT, new_y=YPos.NEXT)
                    pdf.set_font("serif", "", 10)
                    pdf.cell(colw, 5, place)
                pdf.set_xy(pdf.l_margin, y + 13)
        elif kind == "table":
            _, rows, caption = b
            width = max(len(r) for r in rows)
            rows = [[re.sub(r"</?i>", "", c) for c in r] + [""] * (width - len(r)) for r in rows]
            if caption:
                pdf.set_font("serif", "I", 9)
                pdf.multi_cell(0, 5, caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            size = 4.2 if width > 12 else 7.5
            pdf.set_font("sans", "", size)
            if width > 12:
                widths = [22] + [(pdf.epw - 22) / (width - 1)] * (width - 1)
            else:
                first = min(60, pdf.epw * 0.4)
                widths = [first] + [(pdf.epw - first) / (width - 1)] * (width - 1) if width > 1 else [pdf.epw]
            with pdf.table(col_widths=widths, line_height=size * 0.5, text_align="LEFT",
                           first_row_as_headings=True) as t:
                for r in rows:
                    row = t.row()
                    for c in r:
                        row.cell(c)
            pdf.ln(3)
    pdf.output(str(path))


# --------------------------------------------------------------------------------------------
# 3. Ingest and compare
# --------------------------------------------------------------------------------------------

def ingest(tmp: Path, name: str, filename: str, write) -> object:
    from kb.library import Library
    folder = tmp / f"in-{name}"
    folder.mkdir(parents=True)
    write(folder / filename)
    shutil.copy(META, folder / f"{DOC}.meta.toml")
    lib = Library(tmp / f"data-{name}", documents_dir=tmp / f"uploads-{name}")
    return lib.ingest([folder])


def main() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    from helpers.plan_compare import ambitions_of, compare

    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    plan = read_plan()
    renderings = {
        "word-html": (f"{DOC}.html", lambda p: p.write_bytes(word_html(plan))),
        # the same export saved with Word's "Encode as UTF-8" web option (isolates the encoding)
        "word-html-utf8": (f"{DOC}.html", lambda p: p.write_bytes(word_html(plan).decode("cp1252").replace(
            "charset=windows-1252", "charset=utf-8").encode("utf-8"))),
        "wiki-md": (f"{DOC}.md", lambda p: p.write_text(wiki_md(plan), encoding="utf-8")),
        "fpdf-pdf": (f"{DOC}.pdf", lambda p: fpdf_pdf(plan, p)),
        "viewer-txt": (f"{DOC}.txt", lambda p: p.write_text(viewer_txt(plan), encoding="utf-8")),
    }
    with tempfile.TemporaryDirectory(prefix="heldout-") as t:
        tmp = Path(t)
        bundled_result = ingest(tmp, "bundled", f"{DOC}.txt", lambda p: shutil.copy(SRC, p))
        bundled = ambitions_of(bundled_result, DOC)
        rows = []
        for name, (filename, write) in renderings.items():
            result = ingest(tmp, name, filename, write)
            if keep:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(tmp / f"in-{name}" / filename, keep / f"{name}-{filename}")
            c = compare(ambitions_of(result, DOC), bundled)
            sections = sum(1 for s in result.sections if s.document_id == DOC)
            failures = len(result.failures)
            off = (c.missing + c.changed)[:5]
            rows.append(f"| {name} | {sections} | {len(c.same)}/{c.expected} ({c.share:.0%}) | {failures} | "
                        f"{', '.join(off) or '–'}{' …' if len(c.missing) + len(c.changed) > 5 else ''} "
                        f"(missing {len(c.missing)}, changed {len(c.changed)}, extra {len(c.extra)}) |")
        bsec = sum(1 for s in bundled_result.sections if s.document_id == DOC)
        print(f"bundled text: {bsec} sections, {len(bundled)} ambitions\n")
        print("| rendering | sections | ambitions same key and text | failures | first missing/changed keys |")
        print("|---|---:|---:|---:|---|")
        print("\n".join(rows))


if __name__ == "__main__":
    main()
