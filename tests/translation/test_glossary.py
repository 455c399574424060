"""The heritage glossary: kept as content and as a snippet, matched sensibly, and checked where
PO files come in (`import_translations --check`, `--strict`)."""

import shutil
from io import StringIO

import polib
import pytest
import yaml

from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail_localize.models import StringTranslation

from cluster.content_import.reading import ContentInvalid, read_content
from cluster.content_import.writing import import_content
from cluster.models import CityPage, GlossaryTerm
from cluster.translation.glossary_checks import Finding, Glossary, Term
from cluster.translation.permissions import ensure_groups
from cluster.translation.roles import EDITORS_GROUP
from tests.conftest import CONTENT_DIR
from tests.seed import english, locale

WORLD_HERITAGE = Term("World Heritage", {"zh-hans": "世界遗产", "es": "Patrimonio Mundial"})
CITIES_CLUSTER = Term("Cities Cluster", {"zh-hans": "城市集群", "es": "Clúster de Ciudades"})
THEMATIC = Term(
    "Thematic Cities Cluster", {"zh-hans": "专题城市集群", "es": "Clúster Temático de Ciudades"}
)
BILLION = Term("billion", {"zh-hans": "亿", "es": "mil millones"})
ANYANG = Term("Anyang", {"zh-hans": "安阳", "es": "Anyang"})
GLOSSARY = Glossary([WORLD_HERITAGE, CITIES_CLUSTER, THEMATIC, BILLION, ANYANG])


# --- matching ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "english, found",
    [
        ("Closed their World Heritage sites", ["World Heritage"]),
        ("closed their world  heritage sites", ["World Heritage"]),  # any case, any spacing
        ("Anyang's capitals", ["Anyang"]),  # possessive
        ("Anyang’s capitals", ["Anyang"]),  # typographic apostrophe
        ("230.05 billions", ["billion"]),  # plural
        ("<p>in <b>World Heritage</b> cities</p>", ["World Heritage"]),  # markup ignored
        ("Worldwide Heritage", []),  # whole words only
        ("Anyangese", []),
        ("Thematic Cities Cluster", ["Thematic Cities Cluster"]),  # the longest term wins
        ("Thematic Cities Cluster, Cities Cluster", ["Thematic Cities Cluster", "Cities Cluster"]),
    ],
)
def test_terms_are_found_as_whole_words_in_any_case_with_plurals(english, found):
    assert [term.term for term in GLOSSARY.terms_in(english)] == found


def test_a_spanish_translation_must_contain_the_approved_form_in_any_case_or_plural():
    english = "Countries closed their World Heritage sites."
    assert GLOSSARY.findings(english, "sitios del patrimonio mundial", "es") == []
    assert GLOSSARY.findings("Cities Cluster topics", "Clústeres de Ciudades", "es") == []
    assert GLOSSARY.findings(english, "sitios del Patrimonio de la Humanidad", "es") == [
        Finding("World Heritage", "Patrimonio Mundial")
    ]
    assert GLOSSARY.findings(english, "", "es") == []  # nothing translated yet


def test_chinese_has_no_word_boundaries_so_the_form_is_a_substring():
    english = "Anyang completed a GDP of 230.05 billion yuan."
    assert GLOSSARY.findings(english, "2020年，安阳市完成地区生产总值2300.5亿元。", "zh-hans") == []
    assert GLOSSARY.findings(english, "2020年，该市完成地区生产总值2300.5亿元。", "zh-hans") == [
        Finding("Anyang", "安阳")
    ]


def test_a_finding_reads_as_the_reports_print_it():
    finding = Finding("World Heritage", "Patrimonio Mundial")
    assert str(finding) == 'glossary: "World Heritage" should be "Patrimonio Mundial"'


# --- kept as content ----------------------------------------------------------------------------


def glossary_yaml():
    return yaml.safe_load((CONTENT_DIR / "glossary.yaml").read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_the_seed_glossary_is_imported_with_every_term_of_the_issue():
    terms = {row.term: row for row in GlossaryTerm.objects.all()}
    assert len(terms) == len(glossary_yaml())
    assert terms["BiliBili"].zh_hans == "哔哩哔哩"
    assert terms["COVID-19"].zh_hans == "2019冠状病毒病"
    assert terms["Cities Project"].es == "Proyecto Ciudades"
    assert terms["World Heritage"].es == "Patrimonio Mundial"
    assert terms["billion"].es == "mil millones"
    for name in ("UNOSSC", "UNESCO", "Creative Cities Network", "intangible cultural heritage"):
        assert terms[name].zh_hans and terms[name].es
    members = CityPage.objects.filter(locale=locale("en")).values_list("title", flat=True)
    assert set(members) <= set(terms)  # every member city's name


@pytest.fixture
def content_copy(tmp_path):
    path = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, path, ignore=shutil.ignore_patterns("locale"))
    return path


def edit_glossary(content_copy, change):
    data = glossary_yaml()
    change(data)
    (content_copy / "glossary.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


@pytest.mark.django_db
def test_an_edited_glossary_file_updates_and_adds_terms(content_copy):
    def change(data):
        next(item for item in data if item["term"] == "UNWTO")["es"] = "ONU Turismo"
        data.append({"term": "Silk Road", "zh-hans": "丝绸之路", "es": "Ruta de la Seda"})

    edit_glossary(content_copy, change)
    report = import_content(read_content(content_copy))

    changed = [(kind, name, o) for kind, name, o in report.outcomes if o != "unchanged"]
    assert changed == [("glossary", "UNWTO", "updated"), ("glossary", "Silk Road", "created")]
    assert GlossaryTerm.objects.get(term="UNWTO").es == "ONU Turismo"
    assert GlossaryTerm.objects.get(term="Silk Road").zh_hans == "丝绸之路"


@pytest.mark.django_db
def test_a_glossary_file_with_a_missing_form_or_a_repeated_term_is_refused(content_copy):
    def change(data):
        del data[0]["es"]
        data.append(dict(data[1]))

    edit_glossary(content_copy, change)
    with pytest.raises(ContentInvalid) as invalid:
        read_content(content_copy)
    assert [(e.file, e.path, e.message) for e in invalid.value.errors] == [
        ("glossary.yaml", "[0].es", "is required"),
        ("glossary.yaml", "[35]", "duplicate 'Thematic Cities Cluster'"),
    ]
    assert GlossaryTerm.objects.count() == len(glossary_yaml())  # nothing written


def test_a_content_directory_without_a_glossary_file_has_no_terms(content_copy):
    (content_copy / "glossary.yaml").unlink()
    content = read_content(content_copy)
    assert content.glossary == []
    assert len(content.members) == 18


# --- a snippet editors can edit ----------------------------------------------------------------


@pytest.mark.django_db
def test_editors_edit_a_term_in_the_admin(client, django_user_model):
    user = django_user_model.objects.create_user("glossary-editor", password="pw")
    user.groups.add(ensure_groups()[EDITORS_GROUP])
    client.force_login(user)
    term = GlossaryTerm.objects.get(term="World Heritage")
    url = reverse("wagtailsnippets_cluster_glossaryterm:edit", args=[term.pk])

    response = client.post(
        url,
        {"term": "World Heritage", "zh_hans": "世界遗产", "es": "Patrimonio de la Humanidad"},
    )

    assert response.status_code == 302
    term.refresh_from_db()
    assert term.es == "Patrimonio de la Humanidad"
    listing = client.get(reverse("wagtailsnippets_cluster_glossaryterm:list"))
    assert "安阳" in listing.content.decode()  # the first term, by its English
    # The check follows the admin at once.
    assert Glossary.from_database().findings(
        "World Heritage sites", "sitios del Patrimonio Mundial", "es"
    ) == [Finding("World Heritage", "Patrimonio de la Humanidad")]


@pytest.mark.django_db
def test_translators_may_not_edit_the_glossary(client, django_user_model):
    groups = ensure_groups()
    translator_group = next(group for name, group in groups.items() if name != EDITORS_GROUP)
    user = django_user_model.objects.create_user("glossary-translator", password="pw")
    user.groups.add(translator_group)
    client.force_login(user)
    term = GlossaryTerm.objects.get(term="World Heritage")

    response = client.get(reverse("wagtailsnippets_cluster_glossaryterm:edit", args=[term.pk]))

    assert response.status_code in (302, 403)


# --- import_translations ------------------------------------------------------------------------


def import_translations(*args):
    out, err = StringIO(), StringIO()
    call_command("import_translations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_seed_translations_pass_the_strict_check():
    out, err = import_translations(str(CONTENT_DIR / "locale"), "--check", "--strict")
    assert err == ""
    assert "glossary finding" not in out


def copy_anyang_po(tmp_path, language):
    relative = f"{language}/citypage/anyang.po"
    target = tmp_path / "locale" / relative
    target.parent.mkdir(parents=True)
    shutil.copy(CONTENT_DIR / "locale" / relative, target)
    return target


def replace_in_msgstr(path, context, old, new):
    """Edit one entry's translation; returns the entry's number as the check counts them."""
    po = polib.pofile(str(path))
    for number, entry in enumerate(po, start=1):
        if entry.msgctxt == context:
            assert old in entry.msgstr
            entry.msgstr = entry.msgstr.replace(old, new)
            po.save(str(path))
            return number
    raise AssertionError(context)


SOURCE_OF_THE_POPULATION = "facts.8851b9f7-e12e-592f-9b72-2270d6b86688.source"


@pytest.mark.django_db
def test_check_reports_a_translation_without_the_approved_form(tmp_path):
    po_path = copy_anyang_po(tmp_path, "es")
    # The drift the issue found: "Perfil de miembro del Cities Cluster (Proyecto de Ciudades...".
    replace_in_msgstr(po_path, SOURCE_OF_THE_POPULATION, "Clúster de Ciudades", "Cities Cluster")
    number = replace_in_msgstr(
        po_path, SOURCE_OF_THE_POPULATION, "Proyecto Ciudades", "Proyecto de Ciudades"
    )
    directory = str(tmp_path / "locale")

    out, err = import_translations(directory, "--check")

    where = f"{po_path}: entry {number} (msgctxt '{SOURCE_OF_THE_POPULATION}')"
    assert err.splitlines() == [
        f'{where}: glossary: "Cities Cluster" should be "Clúster de Ciudades"',
        f'{where}: glossary: "Cities Project" should be "Proyecto Ciudades"',
    ]
    assert "2 glossary finding(s)" in out

    with pytest.raises(CommandError, match=r"2 glossary finding\(s\) in .*; nothing was imported"):
        import_translations(directory, "--strict")


@pytest.mark.django_db
def test_a_finding_is_imported_unless_strict(tmp_path, django_capture_on_commit_callbacks):
    po_path = copy_anyang_po(tmp_path, "zh-hans")
    number = replace_in_msgstr(po_path, "title", "安阳", "Anyang")
    directory = str(tmp_path / "locale")
    page = english(CityPage, slug="anyang")

    with pytest.raises(CommandError):
        import_translations(directory, "--strict")
    assert page.get_translation(locale("zh-hans")).title == "安阳"  # nothing imported

    with django_capture_on_commit_callbacks(execute=True):
        out, err = import_translations(directory)
    assert f'entry {number} (msgctxt \'title\'): glossary: "Anyang" should be "安阳"' in err
    assert page.get_translation(locale("zh-hans")).title == "Anyang"
    assert (
        StringTranslation.objects.get(
            locale=locale("zh-hans"), context__path="title", translation_of__data="Anyang"
        ).data
        == "Anyang"
    )


@pytest.mark.django_db
def test_slugs_are_not_checked(tmp_path):
    po_path = copy_anyang_po(tmp_path, "zh-hans")
    po = polib.pofile(str(po_path))
    assert {e.msgctxt: e.msgstr for e in po}["slug"] == "anyang"  # a slug keeps its English
    out, err = import_translations(str(tmp_path / "locale"), "--check", "--strict")
    assert err == ""
