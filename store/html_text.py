"""The readable text of a saved news page (or of an HTML fragment): markup in, paragraphs out.

Python's own ``html.parser`` builds a small tree; nothing else is needed. Trafilatura was tried
on the sample pages in tests/unit/html_pages/ and lost half of a blog post split by an ad slot,
dumped an old table layout's menu and footer into the text, made an article of a front page's
teasers (dated 1 January) and of an empty app shell's "enable JavaScript" line; it also pulls in
lxml and eight more packages. An extractor that changed with an optional install would also give
the same page two texts, and so two sha256 and two copies in one database.

How a page is read:

- Elements that are not the article are dropped with all they hold: scripts, styles, navigation,
  headers, footers, asides, forms, figures, hidden elements, landmarks such as
  ``role="navigation"``, and elements whose class or id names boilerplate (ads, comments, share
  bars, related links: the words are in ``html_boilerplate.toml``).
- The article is the element with ``itemprop="articleBody"``, else the one holding the most
  paragraph text (a paragraph's text counts fully for its container and half for the one above,
  so a body split into several blocks is found whole), together with its siblings of the same
  kind (the second half of a body an ad slot split).
- A page where no paragraph of prose is found, or whose chosen block is mostly link text (a
  front page's teasers), gives no text and a reason.
- Paragraphs (``<p>``, headings, list items, table cells, runs of text between blank ``<br>``
  lines) are separated by a blank line, a single ``<br>`` is a line break, other whitespace
  runs (``&nbsp;`` too) become one space; entities are decoded, soft hyphens and zero-width
  spaces removed. Blocks that are mostly link text, that are labels such as "Advertisement",
  and lines without a letter (a bare timestamp) are left out. The ``<h1>`` is the headline:
  it becomes the title, never text.
- Metadata: the title from ``og:title``, JSON-LD ``headline``, ``<h1>`` or ``<title>``; the
  publication date from ``article:published_time``, JSON-LD ``datePublished``, other date meta
  tags or the first ``<time datetime>``; the source from ``og:site_name``; the URL from the
  canonical link or ``og:url``.
"""

from __future__ import annotations

import codecs
import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from importlib import resources

NO_ARTICLE = "HTML page without article text (a front page, or a page its scripts fill in)"
LINKS_ONLY = "HTML page of links, not an article (a front page or a list of headlines)"
NO_TEXT = "HTML markup without text"

# A paragraph shorter than this (not counting link text) says nothing about where the article is.
MIN_SCORED_CHARS = 25
# A page's article needs a paragraph of at least this many words that ends like a sentence.
MIN_PROSE_WORDS = 6
# A block that is more link text than this is navigation; a chosen article that is, is a list.
MAX_BLOCK_LINK_SHARE = 0.5
MAX_ARTICLE_LINK_SHARE = 1 / 3
# Siblings of the chosen block with at least this share of its score are more of the article.
SIBLING_SHARE = 0.2


def _words(names: str) -> frozenset[str]:
    return frozenset(names.split())


# Elements that never hold article text, dropped with everything inside them.
_DROPPED_TAGS = _words(
    "aside audio button canvas dialog embed figcaption figure footer form header iframe "
    "input label map math menu nav noscript object option select script style svg template "
    "textarea video"
)
_DROPPED_ROLES = _words(
    "alert alertdialog banner complementary contentinfo dialog menu menubar navigation "
    "search toolbar"
)
# Never dropped for their class: they are the page or the article itself.
_KEPT_TAGS = _words("html body main article")
_VOID_TAGS = _words("area base br col embed hr img input link meta param source track wbr")
# Elements that start a new paragraph; everything else is inline and runs on in its paragraph.
_BLOCK_TAGS = _words(
    "address article blockquote body caption center dd details div dl dt fieldset h1 h2 h3 "
    "h4 h5 h6 hr html li main ol p pre section summary table tbody td tfoot th thead tr ul"
)
# A paragraph in one of these counts for the element around it; other blocks hold their text.
_PARAGRAPH_TAGS = _words("p blockquote pre h2 h3 h4 h5 h6 li dd dt")
# Start tags that close an open element the markup left open (``<p>one<p>two``), up to the
# first of the boundary elements.
_IMPLIED_ENDS = {
    "li": ({"li"}, {"ul", "ol"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
}
_DATE_META = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
)
# JSON-LD types of an article: NewsArticle, ReportageNewsArticle, BlogPosting, ...
_ARTICLE_TYPES = ("Article", "Posting")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"[^\S\n]+")
_INVISIBLE = re.compile("[\u00ad\u200b\ufeff]")
_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"""[.!?…。！？]["'”’»)\]]*$""")
_CLASS_WORD = re.compile(r"[^a-z0-9]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HtmlText:
    """What a page gave: its text and metadata, or why it gave no text."""

    text: str
    """Paragraphs separated by blank lines; empty when ``reason`` says why there is none."""
    title: str | None = None
    published: str | None = None
    """As the page writes it; the reader decides whether it is a date."""
    source: str | None = None
    url: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class _Boilerplate:
    class_words: frozenset[str]
    content_words: frozenset[str]
    labels: frozenset[str]


def _load_boilerplate() -> _Boilerplate:
    data = tomllib.loads(
        resources.files("store").joinpath("html_boilerplate.toml").read_text(encoding="utf-8")
    )
    return _Boilerplate(
        frozenset(data["class_words"]),
        frozenset(data["content_words"]),
        frozenset(data["labels"]),
    )


_BOILERPLATE = _load_boilerplate()


def declared_charset(head: bytes) -> str | None:
    """The codec a page's ``<meta charset>`` names for bytes that are not UTF-8, or None.

    None for UTF-8, ASCII and UTF-16, and for names Python does not know. Latin-1 is read as
    Windows-1252, as browsers do: pages that say Latin-1 use Windows-1252's curly quotes.
    """
    match = _CHARSET.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match[1].decode("ascii")).name
    except LookupError:
        return None
    # A page that says UTF-16 but got this far has no NUL bytes: browsers read it as UTF-8.
    if name in ("utf-8", "ascii") or name.startswith(("utf-16", "utf-32")):
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1") else name


def extract_html(markup: str, *, page: bool) -> HtmlText:
    """The readable text and metadata of ``markup``.

    Args:
        markup: a whole page or a fragment (a feed's HTML body).
        page: a whole page, where the article is found among the rest and must look like one;
            a fragment is the article, and only has to hold some text.
    """
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    meta = _Metadata(tree)
    if page:
        chosen = _choose_article(tree.root)
        blocks = [block for element in chosen for block in _blocks(element)]
        if not blocks:
            return meta.result("", NO_ARTICLE)
        total = sum(len(block.text) for block in blocks)
        if sum(block.link_chars for block in blocks) > total * MAX_ARTICLE_LINK_SHARE:
            return meta.result("", LINKS_ONLY)
    else:
        blocks = list(_blocks(tree.root))
    paragraphs = [text for block in blocks if (text := _kept_text(block))]
    if paragraphs and meta.is_headline(paragraphs[0]):
        meta.headline = paragraphs.pop(0)
    if page and not any(_is_prose(paragraph) for paragraph in paragraphs):
        return meta.result("", NO_ARTICLE)
    if not paragraphs:
        return meta.result("", NO_TEXT)
    return meta.result("\n\n".join(paragraphs), None)


# --- the tree -----------------------------------------------------------------------------------


class _Element:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict[str, str], parent: _Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Element | str] = []
        self.parent = parent

    def kind(self) -> tuple[str, str]:
        return self.tag, self.attrs.get("class", "")

    def iter(self) -> Iterator[_Element]:
        """This element and every element under it, in document order."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(
                child for child in reversed(element.children) if isinstance(child, _Element)
            )

    def text(self) -> str:
        """All text under this element on one line, whitespace collapsed."""
        parts = []
        stack: list[_Element | str] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                parts.append(node)
            else:
                stack.extend(reversed(node.children))
        return _INVISIBLE.sub("", " ".join(" ".join(parts).split()))


class _Tree(HTMLParser):
    """A forgiving tree builder: end tags close what they match, stray ones are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#document", {}, None)
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close_implied(tag)
        parent = self._open[-1]
        element = _Element(tag, {name: value or "" for name, value in attrs}, parent)
        parent.children.append(element)
        if tag not in _VOID_TAGS:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)

    def _close_implied(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            # A block closes an open paragraph, as browsers do: <p>text<div>...
            for depth in range(len(self._open) - 1, 0, -1):
                open_tag = self._open[depth].tag
                if open_tag == "p":
                    del self._open[depth:]
                    break
                if open_tag in _BLOCK_TAGS:
                    break
        if tag in _IMPLIED_ENDS:
            closed, boundaries = _IMPLIED_ENDS[tag]
            for depth in range(len(self._open) - 1, 0, -1):
                open_tag = self._open[depth].tag
                if open_tag in closed:
                    del self._open[depth:]
                    break
                if open_tag in boundaries:
                    break


# --- finding the article ------------------------------------------------------------------------


def _is_dropped(element: _Element) -> bool:
    attrs = element.attrs
    if element.tag in _DROPPED_TAGS or "hidden" in attrs:
        return True
    if attrs.get("aria-hidden", "").lower() == "true":
        return True
    if attrs.get("role", "").lower() in _DROPPED_ROLES:
        return True
    if _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    if element.tag in _KEPT_TAGS:
        return False
    words = set()
    for value in (attrs.get("class", ""), attrs.get("id", "")):
        for name in value.lower().split():
            words.add(name)
            words.update(word for word in _CLASS_WORD.split(name) if word)
    return bool(words & _BOILERPLATE.class_words) and not words & _BOILERPLATE.content_words


@dataclass(slots=True)
class _Block:
    """One paragraph's text (with ``\\n`` for line breaks), its link text, and its element."""

    text: str
    link_chars: int
    owner: _Element


def _blocks(top: _Element) -> Iterator[_Block]:
    """The paragraphs under ``top``, dropped elements and the headline left out."""
    parts: list[str] = []
    link_chars = 0
    owners = [top]
    breaks = 0

    def flush() -> Iterator[_Block]:
        nonlocal link_chars
        text = "\n".join(
            line for line in (" ".join(line.split()) for line in "".join(parts).split("\n")) if line
        )
        if text:
            yield _Block(text, min(link_chars, len(text)), owners[-1])
        parts.clear()
        link_chars = 0

    # (element, entering) events: walked with a stack, as a page may nest thousands deep.
    stack: list[tuple[_Element | str, bool, bool]] = [(top, True, False)]
    while stack:
        node, entering, in_link = stack.pop()
        if isinstance(node, str):
            text = _INVISIBLE.sub("", _SPACES.sub(" ", node))
            if text.strip():
                breaks = 0
            parts.append(text)
            if in_link:
                link_chars += len(text.strip())
            continue
        block = node.tag in _BLOCK_TAGS
        if not entering:
            if block:
                yield from flush()
                owners.pop()
            continue
        if node is not top and (_is_dropped(node) or node.tag == "h1"):
            continue
        if node.tag == "br":
            breaks += 1
            parts.append("\n")
            if breaks == 2:
                yield from flush()
            continue
        if block:
            yield from flush()
            owners.append(node)
            breaks = 0
        stack.append((node, False, in_link))
        link = in_link or node.tag == "a"
        stack.extend((child, True, link) for child in reversed(node.children))


def _choose_article(root: _Element) -> list[_Element]:
    """The elements that hold the article, in document order (none on an empty page)."""
    body = next((element for element in root.iter() if element.tag == "body"), root)
    scores: dict[int, float] = {}
    elements: dict[int, _Element] = {}
    for block in _blocks(body):
        chars = len(block.text) - block.link_chars
        if chars < MIN_SCORED_CHARS:
            continue
        owner = block.owner
        container = owner.parent if owner.tag in _PARAGRAPH_TAGS and owner.parent else owner
        for element, weight in ((container, 1.0), (container.parent, 0.5)):
            if element is not None:
                scores[id(element)] = scores.get(id(element), 0.0) + chars * weight
                elements[id(element)] = element
    marked = next(
        (
            element
            for element in body.iter()
            if element.attrs.get("itemprop", "").lower() == "articlebody" and id(element) in scores
        ),
        None,
    )
    if marked is not None:
        return [marked]
    if not scores:
        return []
    # The first of the best in document order: a container before what it contains.
    order = {id(element): position for position, element in enumerate(body.iter())}
    best_id = max(scores, key=lambda key: (scores[key], -order.get(key, 0)))
    best = elements[best_id]
    if best.parent is None or best is body:
        return [best]
    chosen = []
    for sibling in best.parent.children:
        if not isinstance(sibling, _Element):
            continue
        if sibling is best or (
            not _is_dropped(sibling)
            and (
                # The same class: the next part of a body, whatever its length.
                (best.attrs.get("class") and sibling.kind() == best.kind())
                or scores.get(id(sibling), 0.0) >= scores[best_id] * SIBLING_SHARE
            )
        ):
            chosen.append(sibling)
    return chosen


def _kept_text(block: _Block) -> str | None:
    """The block's text as it goes into the article, or None for navigation and labels."""
    if block.link_chars > len(block.text) * MAX_BLOCK_LINK_SHARE:
        return None
    if block.text.lower().rstrip(" :") in _BOILERPLATE.labels:
        return None
    lines = [line for line in block.text.split("\n") if _LETTER.search(line)]
    return "\n".join(lines) or None


def _is_prose(paragraph: str) -> bool:
    return any(
        len(_WORD.findall(line)) >= MIN_PROSE_WORDS and _SENTENCE_END.search(line)
        for line in paragraph.split("\n")
    )


# --- metadata -----------------------------------------------------------------------------------


class _Metadata:
    """The page's title, date, source and URL, from its meta tags, JSON-LD and markup."""

    def __init__(self, tree: _Tree) -> None:
        self.meta: dict[str, str] = {}
        self.linked: dict[str, str] = {}
        self.document_title: str | None = None
        self.first_h1: str | None = None
        self.first_time: str | None = None
        self.json_ld: dict = {}
        self.headline: str | None = None
        for element in tree.root.iter():
            self._read(element)

    def _read(self, element: _Element) -> None:
        attrs = element.attrs
        tag = element.tag
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
            key = key.lower()
            content = " ".join(attrs.get("content", "").split())
            if key and content:
                self.meta.setdefault(key, content)
        elif tag == "link" and "canonical" in attrs.get("rel", "").lower().split():
            self.linked.setdefault("canonical", attrs.get("href", ""))
        elif tag == "title" and self.document_title is None:
            self.document_title = element.text() or None
        elif tag == "h1" and self.first_h1 is None:
            self.first_h1 = element.text() or None
        elif tag == "time" and self.first_time is None and attrs.get("datetime"):
            if not any(_is_dropped(up) for up in _ancestors(element) if up.tag != "header"):
                self.first_time = attrs["datetime"].strip()
        elif (
            tag == "script"
            and attrs.get("type", "").lower() == "application/ld+json"
            and not self.json_ld
        ):
            self.json_ld = _json_ld_article(element.text())

    def is_headline(self, paragraph: str) -> bool:
        """Whether the text's first paragraph is the headline (an old page's bold first line)."""
        if "\n" in paragraph or len(_WORD.findall(paragraph)) < 3:
            return False
        return any(paragraph in title for title in (self.document_title, self.title()) if title)

    def title(self) -> str | None:
        return (
            self.meta.get("og:title")
            or _string(self.json_ld.get("headline"))
            or self.meta.get("twitter:title")
            or self.first_h1
            or self.headline
            or self.document_title
        )

    def published(self) -> str | None:
        candidates = [self.meta.get(key) for key in _DATE_META[:1]]
        candidates.append(_string(self.json_ld.get("datePublished")))
        candidates.extend(self.meta.get(key) for key in _DATE_META[1:])
        candidates.append(self.first_time)
        found = [candidate for candidate in candidates if candidate]
        # The first that is a date; failing that the first, so that the reader can say so.
        return next((value for value in found if _is_iso_date(value)), found[0] if found else None)

    def result(self, text: str, reason: str | None) -> HtmlText:
        publisher = self.json_ld.get("publisher")
        source = (
            self.meta.get("og:site_name")
            or (_string(publisher.get("name")) if isinstance(publisher, dict) else None)
            or self.meta.get("application-name")
        )
        url = next(
            (
                value
                for value in (self.linked.get("canonical"), self.meta.get("og:url"))
                if value and value.startswith(("http://", "https://"))
            ),
            None,
        )
        return HtmlText(text, self.title(), self.published(), source, url, reason)


def _ancestors(element: _Element) -> Iterator[_Element]:
    parent = element.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _json_ld_article(source: str) -> dict:
    """The first object of an ``...Article`` or ``BlogPosting`` type in a JSON-LD script."""
    try:
        data = json.loads(source)
    except ValueError:
        return {}
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(kind, str) and kind.endswith(_ARTICLE_TYPES) for kind in kinds):
                return item
            stack.extend(value for key, value in item.items() if key == "@graph")
    return {}


def _string(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _is_iso_date(value: str) -> bool:
    try:
        datetime.fromisoformat(value.strip())
    except ValueError:
        return False
    return True
