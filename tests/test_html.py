"""The HTML parser: outline from h1-h6, text only, scripts and navigation dropped."""

from kb.parse import parse_bytes

PAGE = """<!doctype html><html><head><title>Leerdossier criminele bedrijfsvoering</title>
<style>p { color: red }</style><script>alert('x')</script></head>
<body><nav><a href="/">Home</a> <a href="/zoek">Zoeken</a></nav>
<!-- een opmerking die weg moet -->
<h1>Leerdossier criminele bedrijfsvoering</h1>
<p>Dit leerdossier beschrijft de <b>aanpak</b> van ondermijning in 2020.</p>
<h2>Aanpak</h2>
<ol><li>Integraal samenwerken met het RIEC.</li><li>Afpakken van crimineel vermogen.</li></ol>
<h3>Resultaten</h3>
<table><tr><th>Indicator</th><th>2020</th></tr><tr><td>Onderzoeken</td><td>94</td></tr></table>
<p onclick="steal()">Tekst met &lt;script&gt;alert(1)&lt;/script&gt; als letterlijke tekst.</p>
<iframe src="https://example.org"></iframe>
<h2>Lessen</h2><ul><li>Deel kennis via AGORA.</li></ul>
<footer>© politie</footer></body></html>"""


def test_html_outline_lists_tables_and_no_markup():
    doc = parse_bytes(PAGE.encode(), ".html")
    assert doc.title == "Leerdossier criminele bedrijfsvoering"
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert ("paragraph", "Dit leerdossier beschrijft de aanpak van ondermijning in 2020.") in kinds
    items = [b for b in doc.blocks if b.kind == "bullet"]
    assert [(b.label, b.text) for b in items[:2]] == [("1", "Integraal samenwerken met het RIEC."), ("2", "Afpakken van crimineel vermogen.")]
    assert items[0].heading_path == ["Leerdossier criminele bedrijfsvoering", "Aanpak"]
    row = next(b for b in doc.blocks if b.kind == "table_row")
    assert row.cells == ["Onderzoeken", "94"] and row.columns == ["Indicator", "2020"]
    assert row.heading_path[-1] == "Resultaten"
    lessen = next(b for b in doc.blocks if b.text == "Deel kennis via AGORA.")
    assert lessen.heading_path == ["Leerdossier criminele bedrijfsvoering", "Lessen"]
    text = " ".join(b.text for b in doc.blocks)
    for gone in ("alert('x')", "color: red", "Home", "opmerking", "steal", "example.org", "© politie"):
        assert gone not in text
    # escaped markup in the source is kept as the literal text it is
    assert "Tekst met <script>alert(1)</script> als letterlijke tekst." in text


def test_markdown_headings():
    doc = parse_bytes("# Jaarplan 2021\n\nInleiding over de eenheid.\n\n## Cybercrime\n\nWe starten een team.\n".encode(), ".md")
    para = next(b for b in doc.blocks if b.text == "We starten een team.")
    assert para.heading_path == ["Jaarplan 2021", "Cybercrime"]
