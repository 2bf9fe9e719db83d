"""The readable text of saved pages: realistic pages in html_pages/, and the rules one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.html_text import LINKS_ONLY, NO_ARTICLE, NO_TEXT, declared_charset, extract_html

PAGES = Path(__file__).parent / "html_pages"


def page(name: str, encoding: str = "utf-8") -> str:
    return (PAGES / name).read_bytes().decode(encoding)


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


# --- the sample pages ---------------------------------------------------------------------------


def test_a_modern_news_page_gives_its_article_and_nothing_else():
    result = extract_html(page("wire_story.html"), page=True)
    assert result.reason is None
    assert (result.title, result.published, result.source, result.url) == (
        "Armenia and Azerbaijan trade blame as Karabakh fighting spreads",
        "2020-09-28T09:15:00+04:00",
        "The Daily Ledger",
        "https://ledger.example/world/2020/09/28/karabakh-fighting",
    )
    found = paragraphs(result.text)
    assert found[0].startswith("Battles between Armenian and Azerbaijani forces")
    assert found[-1].startswith("Russia, France and the United States")
    # The subheading and the blockquote are paragraphs of their own; the <br> is a line break.
    assert "\u201cWe will fight to the death\u201d" in found
    assert (
        "Azerbaijan\u2019s president, Ilham Aliyev, said his forces had taken several villages. "
        "\u201cOur cause is just,\u201d he said in a televised address.\n"
        "The claims could not be independently verified."
    ) in found
    assert len(found) == 8
    for boilerplate in (
        "cookies",  # the consent banner
        "Politics",  # the menu
        "Advertisement",  # an ad slot inside the body
        "Read more",  # a link line inside the body
        "What is behind",  # related links
        "Share on",  # the share bar
        "Smoke rises",  # the photo caption
        "Dozens killed",  # the standfirst in the article's header
        "Jane Roe",  # the byline
        "tragedy",  # the comments
        "newsletter",
        "rights reserved",
        "JavaScript",
        "dataLayer",
        "Subscribe now",  # markup inside a script
    ):
        assert boilerplate not in result.text, boilerplate


def test_entities_are_decoded_and_whitespace_normalised():
    text = extract_html(page("wire_story.html"), page=True).text
    assert "Azerbaijan\u2019s defence ministry" in text
    assert "since clashes erupted on Sunday \u2013 the worst since 2016" in text
    # &nbsp; and the newline and indent before the next word are one space.
    assert "in Yerevan as he waited to be called up." in text
    assert "&" not in text and "  " not in text and "\xa0" not in text


def test_a_blog_post_split_by_an_ad_slot_is_found_whole():
    result = extract_html(page("blog_split.html"), page=True)
    found = paragraphs(result.text)
    assert [paragraph.split()[:3] for paragraph in found] == [
        ["The", "first", "rocket"],
        ["\u201cWe", "heard", "it"],
        ["Armenian", "officials", "denied"],
        ["By", "noon,", "volunteers"],
    ]
    # The first <time datetime> dates a page without date meta tags.
    assert (result.title, result.published, result.source) == (
        "Notes from Ganja: a night under the rockets",
        "2020-10-05T08:02:11+00:00",
        "Frontline Notebook",
    )


def test_an_old_table_layout_page_gives_its_text_and_its_bold_headline_as_title():
    result = extract_html(page("cms_2009.html", "cp1252"), page=True)
    assert result.title == "Baku says five civilians killed in shelling"
    assert result.published == "2020-09-29"
    found = paragraphs(result.text)
    assert len(found) == 3
    assert found[0].startswith("BAKU, Sept 29 \u2013 Azerbaijan\u2019s prosecutor-general said")
    # &amp; and a character reference outside the page's charset.
    assert "denied the accusation & said" in found[1]
    assert "Recep Tayyip Erdo\u011fan" in found[2]
    for boilerplate in ("Home", "Ceasefire talks stall", "Print this", "Reproduction", "14:02"):
        assert boilerplate not in result.text, boilerplate


def test_a_page_in_another_script_keeps_its_paragraphs():
    result = extract_html(page("cyrillic_1251.html", "cp1251"), page=True)
    assert result.title == "Бои в Карабахе продолжаются"
    assert paragraphs(result.text) == [
        "Министерство обороны Армении сообщило в понедельник, что бои шли всю ночь.",
        "В Баку заявили, что армянские силы обстреливают город Тертер. «Мы не отступим», — "
        "сказал представитель министерства.",
    ]


def test_a_front_page_of_teasers_is_not_an_article():
    result = extract_html(page("front_page.html"), page=True)
    assert (result.text, result.reason) == ("", LINKS_ONLY)


def test_an_app_shell_that_scripts_fill_in_is_not_an_article():
    result = extract_html(page("app_shell.html"), page=True)
    assert (result.text, result.reason) == ("", NO_ARTICLE)
    # Its metadata is still read, for the message's sake or a later use.
    assert result.title == "Ceasefire collapses within hours"


# --- rules --------------------------------------------------------------------------------------


def wrap(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


PROSE = "<p>Armenia accused Azerbaijan of shelling Stepanakert on Sunday night.</p>"


def test_paragraphs_left_open_are_closed_by_the_next_one():
    result = extract_html(wrap("<div><p>One is here.<p>Two is here.<p>" + PROSE[3:]), page=True)
    assert paragraphs(result.text)[:2] == ["One is here.", "Two is here."]


def test_two_line_breaks_end_a_paragraph_and_one_is_a_line_break():
    body = "<div>First line of text<br>second line.<br><br>Next paragraph here.</div>"
    result = extract_html(body, page=False)
    assert result.text == "First line of text\nsecond line.\n\nNext paragraph here."


def test_hidden_elements_and_landmarks_are_dropped():
    body = (
        "<div hidden><p>Hidden paragraph of text that must not be read at all.</p></div>"
        '<div style="display: none"><p>Also hidden and never shown to a reader.</p></div>'
        '<div aria-hidden="true"><p>Screen readers skip this long paragraph too.</p></div>'
        '<div role="navigation"><p>Navigation written as a paragraph of text.</p></div>' + PROSE
    )
    assert extract_html(wrap(body), page=True).text == PROSE[3:-4]


def test_an_element_named_for_both_content_and_boilerplate_is_kept():
    body = f'<div class="article-body share-enabled">{PROSE}</div><div class="share">Share</div>'
    assert extract_html(wrap(body), page=True).text == PROSE[3:-4]


def test_labels_and_lines_without_letters_are_left_out():
    body = f"<div>{PROSE}<p>ADVERTISEMENT</p><p>Read more:</p><p>12:45 | 28.09.2020</p></div>"
    assert extract_html(wrap(body), page=True).text == PROSE[3:-4]


def test_soft_hyphens_and_zero_width_spaces_are_removed():
    result = extract_html("<p>Nagorno-Kara&shy;bakh\u200b talks.</p><p>More.</p>", page=False)
    assert result.text == "Nagorno-Karabakh talks.\n\nMore."


def test_json_ld_in_a_graph_gives_the_headline_and_date():
    head = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
        '{"@type": ["NewsArticle"], "headline": "Talks fail", '
        '"datePublished": "2020-10-02", "publisher": {"name": "Wire"}}]}</script>'
    )
    result = extract_html(wrap(PROSE, head), page=True)
    assert (result.title, result.published, result.source) == ("Talks fail", "2020-10-02", "Wire")


def test_an_unreadable_date_is_passed_on_when_no_readable_one_exists():
    head = '<meta name="date" content="Mon, 28 Sep 2020">'
    assert extract_html(wrap(PROSE, head), page=True).published == "Mon, 28 Sep 2020"
    head += '<meta property="article:published_time" content="2020-09-28">'
    assert extract_html(wrap(PROSE, head), page=True).published == "2020-09-28"


def test_a_relative_canonical_link_is_not_a_url():
    head = '<link rel="canonical" href="/world/clashes">'
    assert extract_html(wrap(PROSE, head), page=True).url is None


@pytest.mark.parametrize("body", ["", "<div>   </div>", "<p>Just a headline</p>"])
def test_a_page_without_a_sentence_of_prose_has_no_article(body: str):
    assert extract_html(wrap(body), page=True).reason == NO_ARTICLE


def test_a_fragment_needs_only_some_text():
    assert extract_html("<p>Short.</p>", page=False).text == "Short."
    assert extract_html("<p> </p><br>", page=False).reason == NO_TEXT


def test_markup_nested_thousands_deep_is_read_without_recursion():
    markup = "<div>" * 20_000 + PROSE + "</div>" * 20_000
    assert extract_html(wrap(markup), page=True).text == PROSE[3:-4]


@pytest.mark.parametrize(
    ("head", "codec"),
    [
        (b'<meta charset="windows-1251">', "cp1251"),
        (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=Shift_JIS'>", "shift_jis"),
        (b'<meta charset="ISO-8859-1">', "cp1252"),
        (b'<meta charset="utf-8">', None),
        (b'<meta charset="x-unknown">', None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_charset(head: bytes, codec: str | None):
    assert declared_charset(b"<html><head>" + head) == codec
