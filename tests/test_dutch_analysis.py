"""The Dutch analysis without an index: stemming, folding, stopwords, compounds,
abbreviations, synonyms."""

from pathlib import Path

import pytest
from whoosh.analysis import Token  # noqa: F401  (the analyzer yields these)

from kb.index.analysis import dutch_analyzer
from kb.lang.analysis import exact_terms
from kb.lang.lexicon import Lexicon
from kb.errors import KbError
from kb.lang.abbreviations import find_pairs, learn, load_curated
from kb.lang.compounds import make_splitter
from kb.lang.synonyms import load_synonyms
from kb.lang.words import stopwords

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lex():
    return Lexicon.build()


def main(lex, word):
    return lex.word(word).main


def test_inflections_share_a_stem(lex):
    assert main(lex, "aangehouden") == main(lex, "aanhouden")
    assert main(lex, "woningen") == main(lex, "woning")
    assert main(lex, "inbraken") == main(lex, "inbraak")
    assert main(lex, "aanrijdtijden") == main(lex, "aanrijdtijd")
    assert main(lex, "gedaald") == main(lex, "dalen")
    # and different words stay different (the aggressive Snowball "dutch" makes geweld "wel")
    assert main(lex, "geweld") != main(lex, "wel")
    assert main(lex, "gemeente") != main(lex, "menen")


def test_accents_fold(lex):
    assert main(lex, "geïnvesteerd") == main(lex, "geinvesteerd") == main(lex, "investeren")
    assert exact_terms("Geïnvesteerd café") == ["geinvesteerd", "cafe"]


def test_stopwords_are_dutch_only():
    stop = stopwords()
    assert {"de", "het", "een", "van", "en"} <= stop
    assert not {"the", "and", "with", "you", "this"} & stop
    # words that carry meaning in policy texts are kept
    assert not {"tegen", "geen", "niet"} & stop


def test_abbreviation_in_capitals_is_never_a_stopword(lex):
    assert lex.word("om").main is None  # the preposition
    assert lex.word("OM").main == "om"  # Openbaar Ministerie
    assert lex.word("riec").acronym and lex.word("riec").main == "riec"


@pytest.mark.parametrize("word,part", [
    ("woninginbraken", "inbraak"), ("woninginbraken", "woning"), ("messenbezit", "messen"),
    ("cybercrimebeeld", "cybercrime"), ("cybercrimebeeld", "beeld"), ("veiligheidsagenda", "agenda"),
    ("politieambtenaren", "politie"),
])
def test_compounds_emit_their_parts(lex, word, part):
    assert main(lex, part) in lex.word(word).parts


def test_plural_s_meets_its_singular(lex):
    # Snowball takes one ending off: "havens" -> haven, "haven" -> hav; the search wants them one
    assert main(lex, "havens") == main(lex, "haven")
    assert main(lex, "wapens") == main(lex, "wapen")
    assert main(lex, "cijfers") == main(lex, "cijfer")
    assert main(lex, "kans") != main(lex, "kan")  # a word, not a plural: its own stem stays


def test_separable_participle_meets_its_verb(lex):
    assert main(lex, "witgewassen") == main(lex, "witwassen")  # the lemma table lacks it
    assert main(lex, "bijgedragen") == main(lex, "bijdragen")
    # weak participles in -d/-t: the stem's own d or t, a doubled consonant
    assert main(lex, "ingevoerd") == main(lex, "invoeren")
    assert main(lex, "toegerust") == main(lex, "toerusten")
    assert main(lex, "ingezet") == main(lex, "inzetten")
    assert main(lex, "uitgebreid") == main(lex, "uitbreiden")
    assert main(lex, "uitgebreid") == main(lex, "uitgebreide") == main(lex, "uitbreiden")  # inflected too
    assert main(lex, "ingezette") == main(lex, "inzetten")
    # a dictionary word in -en is no verb by itself, and an adjective has no verb behind it
    assert main(lex, "voorgerecht") != main(lex, "voorrechten")
    assert main(lex, "ingewikkeld") != main(lex, "inwikkelen")


@pytest.mark.parametrize("word,part", [
    ("hennepkwekerijen", "hennep"),  # the last part inflected: kwekerijen, plural of kwekerij
    ("hennepkwekerijen", "kwekerij"),
    ("witwasconstructies", "witwassen"),  # the first part a verb's stem: witwas, of witwassen
    ("witwasconstructies", "constructie"),
])
def test_inflected_compound_parts(lex, word, part):
    assert main(lex, part) in lex.word(word).parts


@pytest.mark.parametrize("word", ["ondermijning", "aangehouden", "politie", "inbraak", "aangifte", "onderzoek"])
def test_words_that_are_not_compounds_stay_whole(lex, word):
    assert lex.word(word).parts == ()


@pytest.mark.parametrize("word", [
    "vermogen", "verstoren", "verlagen", "ontbinden", "toezicht",  # a prefix or a particle is no part
    "waardering", "meldingen", "wisselende", "belastbaar", "ondermijnende",  # a verb's derivation
    "signaleren", "goederen", "ouderen", "inventariseren",  # "-eren" is an ending: no signalen + eren
    "mogelijkheden", "bevoegdheden",  # "-heden" is the plural of -heid: no mogelijk + heden
    "handelen", "wandelen", "pendelen", "kenteken",  # no three letters before a verb: no han + delen
    "streven", "weekenden",  # nor before another word: no str + even, wee + kenden
    "huisvesting", "huisvestingen", "huisvestte", "handhaven", "handhavers",  # one meaning (the data file's "!")
    "kentekens", "rijstroken",  # an inflection of a word the data file keeps whole ("!kenteken")
    "mishandeling", "misstanden",  # "mis-" is a prefix: no mis + tanden
])
def test_prefixes_and_derivations_are_no_compounds(word):
    assert make_splitter().split(word) == ()


def test_a_derivation_splits_with_its_ending_in_its_last_part():
    split = make_splitter().split
    assert split("samenwerking") == ("samen", "werking")  # "werk je samen" still finds it
    assert split("criminaliteitsbestrijding") == ("criminaliteit", "bestrijding")
    assert split("samenwerken") == ("samen", "werken") and split("stofzuigen") == ("stof", "zuigen")
    assert split("vakontwikkeling") == ("vak", "ontwikkeling")  # a short head before a noun still splits
    assert split("vakmensen") == ("vak", "mensen") and split("rijlessen") == ("rij", "lessen")  # plurals, no verbs


def test_a_tie_between_a_head_and_one_with_a_linking_s_is_decided_the_same_in_every_process():
    # two corpus words of equal (zero) frequency: the head as it stands wins, whatever the hash seed
    import subprocess
    import sys
    code = ("from kb.lang.compounds import CompoundSplitter;"
            "print(CompoundSplitter(['kwabbel', 'kwabbels', 'team']).split('kwabbelsteam'))")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(seed), "PATH": ""}, cwd=str(ROOT)).stdout for seed in range(6)}
    assert seen == {"('kwabbels', 'team')\n"}, seen


def test_linking_s_and_most_common_split():
    split = make_splitter().split
    assert split("veiligheidsagenda") == ("veiligheid", "agenda")
    assert split("doelstelling") == ("doel", "stelling")
    # a head that is a word itself is no shorter word with a linking s: the more common wins
    assert split("plaatsvinden") == ("plaats", "vinden")  # no plaat + vinden
    assert split("huisartsen") == ("huis", "artsen") and split("huisverbod") == ("huis", "verbod")  # no hui
    assert split("schadeloosstelling") == ("schade", "loos", "stelling")


def test_analyzer_keeps_compound_and_parts_at_one_position(lex):
    tokens = [(t.text, t.pos) for t in dutch_analyzer(lex.analysis)("De woninginbraken daalden", positions=True)]
    whole = main(lex, "woninginbraken")
    assert tokens[0] == (whole, 0)  # the compound itself first, so exact matches rank first
    assert (main(lex, "inbraak"), 0) in tokens and (main(lex, "woning"), 0) in tokens
    assert tokens[-1] == (main(lex, "daalden"), 1)  # "De" dropped, positions renumbered


def test_exact_field_keeps_identifiers():
    assert exact_terms("FIT@NP haalde 82% en RI&E 6,8%") == ["fit@np", "haalde", "82%", "en", "ri&e", "6,8%"]


def test_abbreviations_learned_from_brackets():
    text = ("Samen met het Regionaal Informatie- en Expertise-centrum (RIEC) en de Gebiedsgebonden "
            "politie (GGP). Zij komen bijeen in het Regionaal Veiligheidsoverleg (RVO). Zie ook (Spoed) en (PDF).")
    pairs = dict(find_pairs(text))
    assert pairs["RIEC"] == "Regionaal Informatie- en Expertise-centrum"
    assert pairs["GGP"] == "Gebiedsgebonden politie"
    assert pairs["RVO"] == "Regionaal Veiligheidsoverleg"
    assert "Spoed" not in pairs and "PDF" not in pairs  # no long form before it
    assert learn([text, text])["RIEC"] == ["Regionaal Informatie- en Expertise-centrum"]


def test_abbreviations_expand_both_ways(lex):
    riec = [e.terms for e in lex.rules[("riec",)]]
    long_form = tuple(lex.phrase("Regionaal Informatie- en Expertisecentrum"))
    assert long_form in riec
    assert ("riec",) in [e.terms for e in lex.rules[long_form]]


def test_synonyms_both_ways_and_one_way(lex):
    assert (main(lex, "reactietijd"),) in [e.terms for e in lex.rules[(main(lex, "aanrijdtijd"),)]]
    assert (main(lex, "aanrijdtijd"),) in [e.terms for e in lex.rules[(main(lex, "reactietijd"),)]]
    assert (main(lex, "spoed"),) in [e.terms for e in lex.rules[tuple(lex.phrase("prio 1"))]]
    # one way: terrorisme brings in contraterrorisme, not the other way round
    assert (main(lex, "contraterrorisme"),) in [e.terms for e in lex.rules[(main(lex, "terrorisme"),)]]
    assert (main(lex, "terrorisme"),) not in [e.terms for e in lex.rules.get((main(lex, "contraterrorisme"),), [])]


def test_bad_data_files_give_clear_errors(tmp_path):
    bad = tmp_path / "synonyms.toml"
    bad.write_text('[[groep]]\ntermen = ["alleen"]\n', encoding="utf-8")
    with pytest.raises(KbError, match="minstens twee termen"):
        load_synonyms(bad)
    bad.write_text('[[groep]]\ntermen = ["a", "b"]\nrichting = "links"\n', encoding="utf-8")
    with pytest.raises(KbError, match="richting"):
        load_synonyms(bad)
    abbr = tmp_path / "abbr.toml"
    abbr.write_text("[afkortingen]\nRIEC = 3\n", encoding="utf-8")
    with pytest.raises(KbError, match="RIEC"):
        load_curated(abbr)
    abbr.write_text("[afkortingen\n", encoding="utf-8")
    with pytest.raises(KbError):
        load_curated(abbr)


def test_a_hostile_long_word_is_not_split():
    """A run of 100,000 letters (one "word" of a hostile file) is no compound: the splitter
    passes it by instead of searching it for parts (quadratic in its length: 10 s before)."""
    import time

    from kb.lang.compounds import make_splitter

    splitter = make_splitter()
    started = time.perf_counter()
    assert splitter.split("politie" * 15_000) == ()
    assert time.perf_counter() - started < 2
    assert splitter.split("woninginbraken") == ("woning", "inbraken")


@pytest.mark.parametrize("word, folded", [
    ("Geïnvesteerd", "geinvesteerd"), ("ÉÉN", "een"), ("coöperatie", "cooperatie"), ("ﬁets", "fiets"),
    ("Aanpak", "aanpak"), ("HackShield", "hackshield"), ("FIT@NP", "fit@np"), ("2020", "2020"), ("", ""),
])
def test_fold_lowers_and_strips_diacritics_ascii_or_not(word, folded):
    from kb.text import fold
    assert fold(word) == folded


def test_status_pipeline_lemmas_are_spacys_own_dutch_lookup_lemmas():
    """kb.trace.status lemmatizes with the table kb.lang.words already holds instead of spaCy's
    own lemmatizer component (which would read it a second time): the lemmas must be the same."""
    import spacy

    from kb.trace.status import dutch_pipeline

    spacys = spacy.blank("nl")
    spacys.add_pipe("lemmatizer", config={"mode": "lookup"})
    spacys.initialize()
    text = ("De eenheid Rotterdam heeft in 2020 geïnvesteerd in Opleidingen; aspiranten liepen vertraging op. "
            "Wij Hebben de WERKWIJZE ingevoerd, maar de trainingen konden niet doorgaan door de coronamaatregelen. "
            "HackShield en FIT@NP bleven achter op de planning van Blauwe haven.")
    ours = [t.lemma_ for t in dutch_pipeline().nlp(text)]
    theirs = [t.lemma_ for t in spacys(text)]
    assert ours == theirs
    assert {"lopen", "kunnen", "blijven"} <= set(ours)  # "liepen", "konden", "bleven": looked up, not copied
