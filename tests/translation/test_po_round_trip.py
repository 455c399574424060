"""The translator's round trip: export PO files, translate, import; all or nothing; outdated
translations flagged for review instead of being overwritten."""

import polib
import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail_localize.models import StringTranslation

from cluster.models import CityPage, NewsItem
from cluster.translation.po_import import (
    TranslationFilesInvalid,
    export_translations,
    import_translations,
    read_translation_files,
)
from tests.seed import locale

pytestmark = pytest.mark.django_db


def city(slug, language="en"):
    return CityPage.objects.get(slug=slug, locale__language_code=language)


def spanish_city(english_slug):
    return city(english_slug).get_translation(locale("es"))


def entry(po, context):
    return next(e for e in po if e.msgctxt == context)


@pytest.fixture
def spanish_files(tmp_path):
    export_translations(tmp_path, "es")
    return tmp_path


def test_export_writes_one_complete_file_per_object(tmp_path):
    written = export_translations(tmp_path, "zh-hans")

    assert len(written) == 46
    po = polib.pofile(str(tmp_path / "zh-hans" / "citypage" / "anyang.po"))
    assert po.metadata["X-Cluster-Object"] == "cluster.citypage:anyang"
    assert po.metadata["Language"] == "zh-hans"
    assert entry(po, "title").msgstr == "安阳"
    assert all(e.msgstr and not e.fuzzy for e in po)


@pytest.mark.parametrize("language", ["zh-hans", "es"])
def test_the_seed_translations_are_wagtail_localize_translations(language):
    """The admin shows them as translations of the English objects, not as hand-made copies."""
    from wagtail_localize.models import Translation

    translations = Translation.objects.filter(target_locale__language_code=language, enabled=True)

    assert translations.count() == 46
    assert all(t.get_progress()[0] == t.get_progress()[1] for t in translations)


def test_a_translators_change_is_imported_and_published_in_that_language_only(spanish_files):
    path = spanish_files / "es" / "citypage" / "puebla.po"
    po = polib.pofile(str(path))
    entry(po, "summary").msgstr = "Puebla, ciudad de la Talavera y del mole poblano."
    po.save(str(path))
    chinese_before = city("puebla").get_translation(locale("zh-hans")).summary
    english_before = city("puebla").summary

    report = import_translations(read_translation_files(spanish_files))

    assert report.count("updated") == 1 and report.count("unchanged") == 45
    spanish = spanish_city("puebla")
    assert spanish.live and not spanish.has_unpublished_changes
    assert spanish.summary == "Puebla, ciudad de la Talavera y del mole poblano."
    assert city("puebla").get_translation(locale("zh-hans")).summary == chinese_before
    assert city("puebla").summary == english_before


def test_importing_the_same_files_again_changes_nothing(spanish_files):
    revisions_before = spanish_city("anyang").revisions.count()

    report = import_translations(read_translation_files(spanish_files))

    assert report.count("unchanged") == 46
    assert spanish_city("anyang").revisions.count() == revisions_before


def test_numbers_are_synchronised_from_the_source_not_translated():
    english = [fact.value["value"] for fact in city("anyang").facts]
    chinese = [fact.value["value"] for fact in city("anyang", "zh-hans").facts]

    assert english and chinese == english


def break_summary(path, msgstr):
    po = polib.pofile(str(path))
    entry(po, "summary").msgstr = msgstr
    po.save(str(path))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda po: setattr(entry(po, "title"), "msgid", "Not the English title"), "msgid"),
        (lambda po: setattr(entry(po, "title"), "msgstr", "Puebla <b>sin cerrar"), "never closed"),
        (lambda po: setattr(entry(po, "title"), "msgstr", "Puebla</i>"), "does not match"),
        (lambda po: setattr(entry(po, "title"), "msgstr", "<div>Puebla</div>"), "not allowed"),
        (lambda po: setattr(entry(po, "title"), "msgstr", "Puebla {city}"), "placeholders"),
        (lambda po: po.metadata.update({"Language": "fr"}), "not a translation language"),
        (
            lambda po: po.metadata.update({"X-Cluster-Object": "cluster.citypage:atlantis"}),
            "no live",
        ),
        (lambda po: po.metadata.update({"X-Cluster-Object": "auth.user:admin"}), "no live"),
    ],
)
def test_a_bad_file_is_reported_by_name_and_nothing_is_imported(spanish_files, change, message):
    good = spanish_files / "es" / "citypage" / "anyang.po"
    break_summary(good, "Anyang, una ciudad cambiada que no debe llegar a la base de datos.")
    bad = spanish_files / "es" / "citypage" / "puebla.po"
    po = polib.pofile(str(bad))
    change(po)
    po.save(str(bad))
    strings_before = StringTranslation.objects.count()
    anyang_before = spanish_city("anyang").summary

    with pytest.raises(CommandError):
        call_command("import_translations", str(spanish_files), verbosity=0)
    with pytest.raises(TranslationFilesInvalid) as invalid:
        read_translation_files(spanish_files)

    assert len(invalid.value.errors) == 1
    error = str(invalid.value.errors[0])
    assert "puebla.po" in error and message in error
    assert StringTranslation.objects.count() == strings_before
    assert spanish_city("anyang").summary == anyang_before


def test_an_entry_error_names_the_entry(spanish_files):
    bad = spanish_files / "es" / "citypage" / "puebla.po"
    break_summary(bad, "Puebla <a>sin id</a>")

    with pytest.raises(TranslationFilesInvalid) as invalid:
        read_translation_files(spanish_files)

    assert "msgctxt 'summary'" in str(invalid.value.errors[0])


def test_a_link_in_rich_text_must_keep_its_id(spanish_files):
    from cluster.translation.po_import import markup_problem

    source = 'Read <a id="a1">the report</a> and <a id="a2">the data</a>.'

    assert (
        markup_problem(source, 'Lea <a id="a2">los datos</a> y <a id="a1">el informe</a>.') is None
    )
    assert "links differ" in markup_problem(source, 'Lea <a id="a1">el informe</a>.')
    assert "Unrecognised id" in markup_problem(source, 'Lea <a id="a9">el informe</a>.')


def test_fuzzy_entries_wait_for_review_and_are_not_imported(spanish_files):
    path = spanish_files / "es" / "citypage" / "puebla.po"
    po = polib.pofile(str(path))
    entry(po, "summary").msgstr = "Borrador sin revisar"
    entry(po, "summary").flags.append("fuzzy")
    po.save(str(path))

    import_translations(read_translation_files(spanish_files))

    assert spanish_city("puebla").summary != "Borrador sin revisar"


def publish_english_change(page, **values):
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_an_english_edit_makes_translations_outdated_without_touching_them(api, tmp_path):
    puebla = city("puebla")
    chinese_before = puebla.get_translation(locale("zh-hans"))
    old_english_summary = puebla.summary

    publish_english_change(puebla, summary="Puebla, a UNESCO World Heritage city since 1987.")

    status, data = api(f"pages/{chinese_before.pk}/")
    assert data["meta"]["translation_status"]["state"] == "outdated"
    assert data["summary"] == chinese_before.summary  # not overwritten with English

    written = export_translations(tmp_path, "zh-hans", outdated_only=True)
    assert [path.name for path in written] == ["puebla.po"]
    po = polib.pofile(str(written[0]))
    summary = entry(po, "summary")
    assert summary.fuzzy
    assert summary.msgid == "Puebla, a UNESCO World Heritage city since 1987."
    assert summary.previous_msgid == old_english_summary
    assert summary.msgstr == chinese_before.summary  # the earlier translation, to revise
    assert not entry(po, "title").fuzzy and entry(po, "title").msgstr == chinese_before.title


def test_a_translator_resyncs_an_outdated_translation_without_losing_edits(api, tmp_path):
    puebla = city("puebla")
    publish_english_change(puebla, summary="Puebla, a UNESCO World Heritage city since 1987.")
    written = export_translations(tmp_path, "zh-hans", outdated_only=True)
    po = polib.pofile(str(written[0]))
    summary = entry(po, "summary")
    summary.msgstr = "普埃布拉，自1987年起为联合国教科文组织世界遗产城市。"
    summary.flags.remove("fuzzy")
    summary.previous_msgid = None
    po.save(str(written[0]))
    title_before = puebla.get_translation(locale("zh-hans")).title

    import_translations(read_translation_files(tmp_path))

    chinese = puebla.get_translation(locale("zh-hans"))
    assert chinese.summary == "普埃布拉，自1987年起为联合国教科文组织世界遗产城市。"
    assert chinese.title == title_before
    status, data = api(f"pages/{chinese.pk}/")
    assert data["meta"]["translation_status"] == {
        "state": "translated",
        "share": 1.0,
        "source_locale": "en",
    }
    assert export_translations(tmp_path / "again", "zh-hans", outdated_only=True) == []


def test_snippets_travel_the_same_way(tmp_path):
    news = NewsItem.objects.filter(locale__language_code="en").order_by("slug").first()
    export_translations(tmp_path, "es")
    path = tmp_path / "es" / "newsitem" / f"{news.slug}.po"
    po = polib.pofile(str(path))
    entry(po, "title").msgstr = "Seminario web revisado"
    po.save(str(path))

    import_translations(read_translation_files(tmp_path))

    spanish = news.get_translation(locale("es"))
    assert spanish.live and spanish.title == "Seminario web revisado"
