//! Main text of a parsed page: factline's own readability-style content scoring.
//!
//! The html5ever tree is copied into a compact arena (scripts, styles, forms controls,
//! hidden and embedded content left out), then:
//! 1. boilerplate containers are marked by tag (`nav`, `aside`, `footer`, a site `header`),
//!    ARIA role and class/id hints (menu, cookie, related, comment, share, …);
//! 2. every paragraph-like block of 25+ characters scores its ancestors (1 + commas +
//!    length/100, divided by distance); each container starts from a tag and class/id
//!    weight, and its score is scaled by (1 − link density);
//! 3. the best container, moved up to a common ancestor when close rivals share it, plus
//!    its siblings that score well or read like prose, is the article;
//! 4. inside it, link-heavy lists and blocks, share/byline/ad remnants and the headline
//!    are dropped while paragraphs, headings, lists, captions and tables are written out.
//!
//! A pass that finds under [`MIN_TEXT`] characters is retried with fewer heuristics, and
//! the longest text wins.

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Below this many characters an extraction is retried with fewer heuristics.
const MIN_TEXT: usize = 500;
const NONE: u32 = u32::MAX;
/// Commas beyond this many in one paragraph (a list of names, a table cell of data) add
/// nothing to its score.
const MAX_COMMAS: u32 = 12;
/// Element nesting kept as it is; deeper elements are flattened into the one at this depth.
const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Text,
    Root,
    Html,
    Body,
    Div,
    Section,
    Article,
    Main,
    P,
    H(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dd,
    Dt,
    Table,
    Tr,
    Td,
    Th,
    Pre,
    Code,
    Blockquote,
    Figure,
    Figcaption,
    A,
    Br,
    Img,
    Form,
    Fieldset,
    Header,
    Footer,
    Nav,
    Aside,
    Input,
    Embed,
    Address,
    /// Other block-level elements (hr, caption, details, center, …).
    Block,
    /// Every other (phrasing) element.
    Inline,
}

impl Tag {
    fn of(name: &str) -> Option<Tag> {
        Some(match name {
            "html" => Tag::Html,
            "body" => Tag::Body,
            "div" => Tag::Div,
            "section" => Tag::Section,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "p" => Tag::P,
            "h1" => Tag::H(1),
            "h2" => Tag::H(2),
            "h3" => Tag::H(3),
            "h4" => Tag::H(4),
            "h5" => Tag::H(5),
            "h6" => Tag::H(6),
            "ul" | "menu" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "dl" => Tag::Dl,
            "dd" => Tag::Dd,
            "dt" => Tag::Dt,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" => Tag::Td,
            "th" => Tag::Th,
            "pre" => Tag::Pre,
            "code" => Tag::Code,
            "blockquote" => Tag::Blockquote,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "a" => Tag::A,
            "br" => Tag::Br,
            "img" | "picture" => Tag::Img,
            "form" => Tag::Form,
            "fieldset" => Tag::Fieldset,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "nav" => Tag::Nav,
            "aside" => Tag::Aside,
            "input" => Tag::Input,
            "iframe" | "object" | "embed" | "video" | "audio" => Tag::Embed,
            "address" => Tag::Address,
            "hr" | "caption" | "details" | "summary" | "center" | "hgroup" | "tbody" | "thead"
            | "tfoot" | "dialog" | "legend" | "main-content" => Tag::Block,
            // Never text: left out of the arena entirely.
            "script" | "style" | "noscript" | "template" | "svg" | "math" | "canvas" | "button"
            | "select" | "option" | "textarea" | "head" | "title" | "link" | "meta" | "map"
            | "source" | "track" | "param" | "datalist" | "base" => {
                return None;
            }
            _ => Tag::Inline,
        })
    }

    fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Text | Tag::Inline | Tag::A | Tag::Br | Tag::Img | Tag::Input | Tag::Code
        ) && self != Tag::Embed
    }

    /// Blocks that make a `div` more than a paragraph (Readability's DIV_TO_P_ELEMS, plus
    /// the sectioning elements).
    fn breaks_paragraph(self) -> bool {
        self.is_block() && !matches!(self, Tag::Figcaption)
    }
}

struct Node_ {
    tag: Tag,
    parent: u32,
    children: Vec<u32>,
    /// Text of a text node.
    text: Box<str>,
    /// `class` and `id`, lower-cased, space separated (empty for text).
    hints: Box<str>,
    /// The class attribute as written (siblings with the same class get a bonus).
    class: Box<str>,
    /// Link target starts with `#` (in-page links weigh less in link density).
    hash_link: bool,
    /// An ARIA role or tag that always marks page furniture.
    furniture: bool,
    /// A hidden `input`.
    hidden_input: bool,
}

/// The arena copy of a document.
pub(crate) struct Doc {
    nodes: Vec<Node_>,
    body: u32,
}

impl Doc {
    pub(crate) fn new(html: &Html) -> Doc {
        let mut doc = Doc {
            nodes: Vec::with_capacity(4096),
            body: NONE,
        };
        doc.nodes.push(Node_ {
            tag: Tag::Root,
            parent: NONE,
            children: Vec::new(),
            text: "".into(),
            hints: "".into(),
            class: "".into(),
            hash_link: false,
            furniture: false,
            hidden_input: false,
        });
        // Iterative copy: pages nest thousands deep sometimes. Past MAX_DEPTH the nesting is
        // flattened (deeper nodes hang on the node at that depth), so the recursive passes
        // over the copy stay within the stack whatever the page.
        let mut stack: Vec<(NodeRef<'_, Node>, u32, usize)> = html
            .tree
            .root()
            .children()
            .rev()
            .map(|c| (c, 0, 1))
            .collect();
        while let Some((node, parent, depth)) = stack.pop() {
            let (id, depth) = if depth > MAX_DEPTH {
                // Not a level of its own: its children join `parent`; what the copy never
                // keeps (scripts, styles) is still left out with everything in it.
                match node.value() {
                    Node::Text(_) => {
                        doc.add(node, parent);
                    }
                    Node::Element(e) if Tag::of(e.name()).is_none() => continue,
                    _ => {}
                }
                (parent, depth)
            } else {
                let Some(id) = doc.add(node, parent) else {
                    continue;
                };
                (id, depth + 1)
            };
            let mut kids: Vec<_> = node.children().collect();
            kids.reverse();
            stack.extend(kids.into_iter().map(|c| (c, id, depth)));
        }
        if doc.body == NONE {
            doc.body = 0;
        }
        doc
    }

    fn add(&mut self, node: NodeRef<'_, Node>, parent: u32) -> Option<u32> {
        let (tag, text, hints, class, hash_link, furniture, hidden_input) = match node.value() {
            Node::Text(t) => (
                Tag::Text,
                Box::from(&**t),
                "".into(),
                "".into(),
                false,
                false,
                false,
            ),
            Node::Element(e) => {
                let tag = Tag::of(e.name())?;
                if e.attr("hidden").is_some()
                    || e.attr("aria-hidden") == Some("true")
                    || e.attr("style").is_some_and(hidden_style)
                {
                    return None;
                }
                let class = e.attr("class").unwrap_or("");
                let id = e.attr("id").unwrap_or("");
                // A custom element's name is a hint too (`<pp-inline-teaser>`).
                let custom = if e.name().contains('-') { e.name() } else { "" };
                let hints = if class.is_empty() && id.is_empty() && custom.is_empty() {
                    Box::from("")
                } else {
                    hint_words(&format!("{class} {custom}"), id)
                };
                let role = e.attr("role").unwrap_or("");
                let furniture = matches!(tag, Tag::Nav | Tag::Aside | Tag::Footer)
                    || matches!(
                        role,
                        "menu"
                            | "menubar"
                            | "complementary"
                            | "navigation"
                            | "alert"
                            | "alertdialog"
                            | "dialog"
                            | "banner"
                            | "contentinfo"
                            | "search"
                    )
                    || e.attr("aria-modal") == Some("true");
                let hash_link = tag == Tag::A && e.attr("href").is_some_and(|h| h.starts_with('#'));
                let hidden_input = tag == Tag::Input
                    && e.attr("type")
                        .is_some_and(|t| t.eq_ignore_ascii_case("hidden"));
                (
                    tag,
                    Box::from(""),
                    hints,
                    Box::from(class),
                    hash_link,
                    furniture,
                    hidden_input,
                )
            }
            Node::Document | Node::Fragment => return Some(0),
            _ => return None,
        };
        let id = self.nodes.len() as u32;
        if tag == Tag::Body && self.body == NONE {
            self.body = id;
        }
        self.nodes.push(Node_ {
            tag,
            parent,
            children: Vec::new(),
            text,
            hints,
            class,
            hash_link,
            furniture,
            hidden_input,
        });
        self.nodes[parent as usize].children.push(id);
        Some(id)
    }

    fn tag(&self, n: u32) -> Tag {
        self.nodes[n as usize].tag
    }
}

/// `class` and `id` lower-cased, without the taxonomy classes CMSs add to an article
/// (`category-social-issues`, `tag-cookies`): they name its topic, not its role.
fn hint_words(class: &str, id: &str) -> Box<str> {
    let mut out = String::with_capacity(class.len() + id.len() + 1);
    for word in class.split_ascii_whitespace().chain(std::iter::once(id)) {
        let w = word.to_ascii_lowercase();
        if ["category-", "tag-", "tags-", "topic-", "section-"]
            .iter()
            .any(|p| w.starts_with(p))
        {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out.into_boxed_str()
}

fn hidden_style(s: &str) -> bool {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// Hints (class/id words) that mark page furniture Readability drops before scoring
/// ("unlikely candidates"), unless a content hint rescues them.
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "teaser",
    "newsletter",
    "promo",
    "navbar",
    "masthead",
];
/// Hints that rescue an unlikely-looking container.
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow",
];
/// Hints no content hint rescues: consent banners, comment systems, recommendations.
const ALWAYS: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "disqus",
    "outbrain",
    "taboola",
    "newsletter",
    "related-",
    "-related",
    "relatedarticles",
    "relatedposts",
    "comments",
    "comment-list",
    "commentlist",
    "comment-form",
    "comment-respond",
    "subscribe",
    "share-",
    "sharing",
    "social-",
    "most-read",
    "sr-only",
    "screen-reader",
    "visually-hidden",
    "visuallyhidden",
    "embedded-content",
    "mostread",
    "most-popular",
    "recommend",
];
const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
    "teaser",
    "cookie",
    "consent",
    "newsletter",
    "recommend",
    "breadcrumb",
    "byline",
    "author",
];
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "post",
    "text",
    "blog",
    "story",
    "paragraph",
    "prose",
];
/// Hints of a standfirst (lead paragraph).
const LEAD: &[&str] = &[
    "lead",
    "intro",
    "chapo",
    "standfirst",
    "teaser",
    "summary",
    "excerpt",
    "abstract",
    "subtitle",
    "sub-title",
    "subline",
    "dek",
    "deck",
    "kicker",
    "description",
];
/// Short blocks with these hints are bylines, share bars or captions of ads.
const SHORT_DROP: &[&str] = &[
    "byline",
    "author",
    "share",
    "sharedaddy",
    "social",
    "print",
    "tags",
    "dateline",
    "timestamp",
    "publish",
    "date",
    "meta",
    "credit",
    "advert",
    "-ad",
    "ad-",
];

fn any(hints: &str, words: &[&str]) -> bool {
    !hints.is_empty() && words.iter().any(|w| hints.contains(w))
}

fn class_weight(hints: &str) -> f32 {
    if hints.is_empty() {
        return 0.0;
    }
    let mut w = 0.0;
    if any(hints, NEGATIVE) {
        w -= 25.0;
    }
    if any(hints, POSITIVE) {
        w += 25.0;
    }
    w
}

/// Per-node counts over the kept part of its subtree.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    /// Characters of text, whitespace runs counted as one.
    len: u32,
    /// Characters inside links (in-page links count 0.3).
    link: f32,
    commas: u32,
    p: u32,
    img: u32,
    li: u32,
    input: u32,
    embed: u32,
    heading: u32,
    list_text: u32,
    /// Contains a block-level element (so it is not itself a paragraph).
    has_block: bool,
    /// Is or contains a table of data.
    data_table: bool,
}

#[derive(Clone, Copy)]
struct Flags {
    strip_unlikely: bool,
    weight_classes: bool,
    clean_conditionally: bool,
}

struct Pass<'d> {
    doc: &'d Doc,
    flags: Flags,
    removed: Vec<bool>,
    stats: Vec<Stats>,
    score: Vec<f32>,
    scored: Vec<bool>,
    title: String,
}

/// The article text of a parsed page (paragraphs separated by blank lines).
pub(crate) fn main_text(doc: &Doc, title: Option<&str>) -> String {
    let title = title.map(normalize_title).unwrap_or_default();
    let mut best = String::new();
    for flags in [
        Flags {
            strip_unlikely: true,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: false,
        },
    ] {
        let text = Pass::new(doc, flags, title.clone()).run();
        let len = text.chars().count();
        if len >= MIN_TEXT {
            return text;
        }
        if len > best.chars().count() {
            best = text;
        }
    }
    best
}

/// All visible text of a parsed fragment or page (no content scoring).
pub(crate) fn all_text(doc: &Doc) -> String {
    let mut w = Writer::default();
    write_all(doc, 0, &mut w);
    w.finish()
}

fn write_all(doc: &Doc, n: u32, w: &mut Writer) {
    let node = &doc.nodes[n as usize];
    match node.tag {
        Tag::Text => w.text(&node.text),
        Tag::Br => w.brk(),
        tag => {
            let block = tag.is_block();
            if block {
                w.brk();
            }
            for &c in &node.children {
                write_all(doc, c, w);
            }
            if block {
                w.brk();
            }
        }
    }
}

impl<'d> Pass<'d> {
    fn new(doc: &'d Doc, flags: Flags, title: String) -> Self {
        let n = doc.nodes.len();
        Pass {
            doc,
            flags,
            removed: vec![false; n],
            stats: vec![Stats::default(); n],
            score: vec![0.0; n],
            scored: vec![false; n],
            title,
        }
    }

    fn run(mut self) -> String {
        self.compute_stats();
        let raw: Vec<(u32, f32)> = self.stats.iter().map(|s| (s.len, s.link)).collect();
        self.mark_boilerplate(&raw);
        self.compute_stats();
        let content = self.choose();
        let mut w = Writer::default();
        for n in content {
            self.write(n, &mut w, true);
        }
        dedup_paragraphs(w.finish())
    }

    fn node(&self, n: u32) -> &Node_ {
        &self.doc.nodes[n as usize]
    }

    fn weight(&self, n: u32) -> f32 {
        if self.flags.weight_classes {
            class_weight(&self.node(n).hints)
        } else {
            0.0
        }
    }

    /// Step 1: mark furniture (top-down, a marked subtree is skipped whole).
    /// Nothing is dropped as furniture that holds most of the page's text in prose (`raw`:
    /// text and link length of every node before anything was dropped).
    fn mark_boilerplate(&mut self, raw: &[(u32, f32)]) {
        let page = raw[self.doc.body as usize].0.max(1);
        let mut stack = vec![0u32];
        while let Some(n) = stack.pop() {
            let node = self.node(n);
            let protected = matches!(node.tag, Tag::Root | Tag::Html | Tag::Body | Tag::Main);
            let (len, link) = raw[n as usize];
            let most_text = len * 2 > page && link < 0.3 * len as f32;
            let drop = !protected
                && !most_text
                && (node.furniture
                    || (node.tag == Tag::Header && self.site_header(n))
                    || any(&node.hints, ALWAYS)
                    || (self.flags.strip_unlikely
                        && node.tag != Tag::A
                        && node.tag != Tag::Article
                        && any(&node.hints, UNLIKELY)
                        && !any(&node.hints, MAYBE)));
            if drop {
                self.removed[n as usize] = true;
                continue;
            }
            stack.extend(node.children.iter().copied());
        }
    }

    /// A page header (logo, site menu) rather than an article's header.
    fn site_header(&self, n: u32) -> bool {
        let hints = &self.node(n).hints;
        if any(
            hints,
            &[
                "article", "entry", "post", "story", "content", "title", "headline",
            ],
        ) {
            return false;
        }
        // Inside an article, a header is the article's.
        let mut p = self.node(n).parent;
        while p != NONE {
            if matches!(self.doc.tag(p), Tag::Article | Tag::Main) {
                return false;
            }
            p = self.node(p).parent;
        }
        true
    }

    /// Step 2a: bottom-up counts over kept nodes (children always follow parents in the
    /// arena, so one reverse sweep suffices).
    fn compute_stats(&mut self) {
        for i in (0..self.doc.nodes.len()).rev() {
            if self.removed[i] {
                continue;
            }
            let node = &self.doc.nodes[i];
            let mut s = Stats::default();
            match node.tag {
                Tag::Text => {
                    let (len, commas) = text_counts(&node.text);
                    s.len = len;
                    s.commas = commas;
                }
                tag => {
                    for &c in &node.children {
                        if self.removed[c as usize] {
                            continue;
                        }
                        let cs = self.stats[c as usize];
                        s.len += cs.len;
                        s.link += cs.link;
                        s.commas += cs.commas;
                        s.p += cs.p;
                        s.img += cs.img;
                        s.li += cs.li;
                        s.input += cs.input;
                        s.embed += cs.embed;
                        s.heading += cs.heading;
                        s.list_text += cs.list_text;
                        s.has_block |= cs.has_block || self.doc.tag(c).breaks_paragraph();
                        s.data_table |= cs.data_table;
                    }
                    match tag {
                        Tag::A => {
                            s.link = if node.hash_link {
                                s.len as f32 * 0.3
                            } else {
                                s.len as f32
                            }
                        }
                        Tag::P => s.p += 1,
                        Tag::Img => s.img += 1,
                        Tag::Li => s.li += 1,
                        Tag::Input if !node.hidden_input => s.input += 1,
                        Tag::Embed => s.embed += 1,
                        Tag::H(_) => s.heading = s.len,
                        Tag::Ul | Tag::Ol => s.list_text = s.len,
                        Tag::Table if !s.data_table => s.data_table = self.data_table(i as u32),
                        _ => {}
                    }
                }
            }
            self.stats[i] = s;
        }
    }

    /// A table of data rather than of layout: headers or a caption, or a grid of at
    /// least 10 rows, more than 4 columns or more than 10 cells.
    fn data_table(&self, table: u32) -> bool {
        let mut rows = 0u32;
        let mut cols = 0u32;
        let mut structured = false;
        let mut stack: Vec<u32> = self.node(table).children.clone();
        while let Some(c) = stack.pop() {
            let node = self.node(c);
            match node.tag {
                Tag::Tr => {
                    rows += 1;
                    cols = cols.max(self.cells(c));
                    structured |= node.children.iter().any(|&x| self.doc.tag(x) == Tag::Th);
                }
                Tag::Block => stack.extend(node.children.iter().copied()),
                _ => {}
            }
        }
        structured || rows >= 10 || cols > 4 || rows * cols > 10
    }

    fn cells(&self, tr: u32) -> u32 {
        self.node(tr)
            .children
            .iter()
            .filter(|&&c| matches!(self.doc.tag(c), Tag::Td | Tag::Th))
            .count() as u32
    }

    fn link_density(&self, n: u32) -> f32 {
        let s = self.stats[n as usize];
        if s.len == 0 {
            0.0
        } else {
            s.link / s.len as f32
        }
    }

    /// Step 2b and 3: score paragraphs into their ancestors, pick the article nodes.
    fn choose(&mut self) -> Vec<u32> {
        let body = self.doc.body;
        let mut candidates: Vec<u32> = Vec::new();
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            if self.removed[n as usize] {
                continue;
            }
            let node = self.node(n);
            let tag = node.tag;
            if tag == Tag::Text {
                continue;
            }
            let s = self.stats[n as usize];
            if tag == Tag::Table && self.data_table(n) {
                // A grid of data is no article body, however much text its cells hold.
                continue;
            }
            let paragraph = match tag {
                Tag::P | Tag::Td | Tag::Pre | Tag::H(2..) => true,
                Tag::Section | Tag::Div | Tag::Blockquote | Tag::Header | Tag::Article => {
                    !s.has_block
                }
                _ => false,
            };
            if paragraph {
                self.score_unit(n, s.len, s.commas, &mut candidates);
            } else if s.has_block && tag.is_block() {
                // Runs of inline content beside blocks are paragraphs of this element.
                let mut len = 0;
                let mut commas = 0;
                let kids = node.children.clone();
                for c in kids.iter().copied().chain([NONE]) {
                    let inline = c != NONE
                        && !self.removed[c as usize]
                        && !self.doc.tag(c).is_block()
                        && self.doc.tag(c) != Tag::Br;
                    if inline {
                        len += self.stats[c as usize].len;
                        commas += self.stats[c as usize].commas;
                    } else if len > 0 {
                        self.score_run(n, len, commas, &mut candidates);
                        len = 0;
                        commas = 0;
                    }
                }
            }
            if !paragraph || tag == Tag::Td {
                stack.extend(self.node(n).children.iter().copied());
            }
        }
        for &c in &candidates {
            let ld = self.link_density(c);
            self.score[c as usize] *= 1.0 - ld;
        }
        candidates.sort_by(|&a, &b| {
            self.score[b as usize]
                .total_cmp(&self.score[a as usize])
                .then(a.cmp(&b))
        });
        let Some(&first) = candidates.first() else {
            return vec![body];
        };
        if first == body {
            return vec![body];
        }
        let mut top = first;
        let top_score = self.score[top as usize];
        // Close rivals sharing an ancestor: the article spans them.
        let rivals: Vec<Vec<u32>> = candidates
            .iter()
            .skip(1)
            .take(4)
            .filter(|&&c| top_score > 0.0 && self.score[c as usize] / top_score >= 0.75)
            .map(|&c| self.ancestors(c))
            .collect();
        if rivals.len() >= 3 {
            let mut p = self.node(top).parent;
            while p != NONE && p != body {
                if rivals.iter().filter(|a| a.contains(&p)).count() >= 3 {
                    top = p;
                    break;
                }
                p = self.node(p).parent;
            }
        }
        if !self.scored[top as usize] {
            self.init(top);
        }
        // Climb while the parent scores better.
        let mut last = self.score[top as usize];
        let threshold = last / 3.0;
        let mut p = self.node(top).parent;
        while p != NONE && p != body {
            if !self.scored[p as usize] {
                p = self.node(p).parent;
                continue;
            }
            let ps = self.score[p as usize];
            if ps < threshold {
                break;
            }
            if ps > last {
                top = p;
                break;
            }
            last = ps;
            p = self.node(p).parent;
        }
        // An only child stands for its parent.
        let mut p = self.node(top).parent;
        while p != NONE && p != body && self.kept_children(p) == 1 {
            top = p;
            p = self.node(p).parent;
        }
        if p == NONE {
            return vec![top];
        }
        // Siblings that score or read like article paragraphs.
        let ts = self.score[top as usize];
        let sibling_threshold = (ts * 0.2).max(10.0);
        let top_class = self.node(top).class.clone();
        let mut out = Vec::new();
        for &s in &self.node(p).children {
            if self.removed[s as usize] {
                continue;
            }
            if s == top {
                out.push(s);
                continue;
            }
            let mut bonus = 0.0;
            if !top_class.is_empty() && self.node(s).class == top_class {
                bonus += ts * 0.2;
            }
            if self.scored[s as usize] && self.score[s as usize] + bonus >= sibling_threshold {
                out.push(s);
            } else if self.doc.tag(s) == Tag::P {
                let len = self.stats[s as usize].len;
                let ld = self.link_density(s);
                if (len > 80 && ld < 0.25)
                    || (len > 0 && len <= 80 && ld == 0.0 && self.sentence_end(s))
                {
                    out.push(s);
                }
            }
        }
        self.add_leads(p, &mut out);
        out
    }

    /// A standfirst often sits outside the body's container: blocks before the article's
    /// container (up to three levels up) that are named as a lead or read as a paragraph
    /// join it.
    fn add_leads(&self, parent: u32, out: &mut Vec<u32>) {
        let body = self.doc.body;
        let first = out.first().copied().unwrap_or(parent);
        let mut a = parent;
        for _ in 0..3 {
            if a == body || a == NONE || matches!(self.doc.tag(a), Tag::Article | Tag::Main) {
                break;
            }
            let p = self.node(a).parent;
            if p == NONE {
                break;
            }
            for &s in &self.node(p).children {
                if s == a {
                    break;
                }
                if self.removed[s as usize] || s >= first {
                    continue;
                }
                let st = self.stats[s as usize];
                let ld = self.link_density(s);
                let lead =
                    any(&self.node(s).hints, LEAD) || (self.doc.tag(s) == Tag::P && st.len > 80);
                if lead && (30..1500).contains(&st.len) && ld < 0.25 {
                    out.push(s);
                }
            }
            a = p;
        }
        out.sort_unstable();
        out.dedup();
    }

    fn kept_children(&self, n: u32) -> usize {
        self.node(n)
            .children
            .iter()
            .filter(|&&c| {
                !self.removed[c as usize]
                    && (self.doc.tag(c) != Tag::Text || self.stats[c as usize].len > 0)
            })
            .count()
    }

    fn sentence_end(&self, n: u32) -> bool {
        let mut w = Writer::default();
        write_all(self.doc, n, &mut w);
        let t = w.finish();
        t.contains(". ") || t.ends_with('.')
    }

    fn ancestors(&self, n: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut p = self.node(n).parent;
        while p != NONE {
            out.push(p);
            p = self.node(p).parent;
        }
        out
    }

    fn init(&mut self, n: u32) {
        let base = match self.doc.tag(n) {
            Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
            Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
            Tag::Address
            | Tag::Ol
            | Tag::Ul
            | Tag::Dl
            | Tag::Dd
            | Tag::Dt
            | Tag::Li
            | Tag::Form => -3.0,
            Tag::H(_) | Tag::Th => -5.0,
            // An article's header holds a standfirst, not the article.
            Tag::Header => -10.0,
            _ => 0.0,
        };
        self.score[n as usize] = base + self.weight(n);
        self.scored[n as usize] = true;
    }

    fn unit_score(len: u32, commas: u32) -> f32 {
        1.0 + (commas + 1).min(MAX_COMMAS) as f32 + (len / 100).min(3) as f32
    }

    fn score_unit(&mut self, n: u32, len: u32, commas: u32, cands: &mut Vec<u32>) {
        if len < 25 {
            return;
        }
        let p = self.node(n).parent;
        self.add_score(p, Self::unit_score(len, commas), cands);
    }

    fn score_run(&mut self, n: u32, len: u32, commas: u32, cands: &mut Vec<u32>) {
        if len < 25 {
            return;
        }
        self.add_score(n, Self::unit_score(len, commas), cands);
    }

    fn add_score(&mut self, first: u32, score: f32, cands: &mut Vec<u32>) {
        let mut a = first;
        for level in 0..5 {
            if a == NONE || matches!(self.doc.tag(a), Tag::Root | Tag::Html) {
                break;
            }
            if !self.scored[a as usize] {
                self.init(a);
                cands.push(a);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            self.score[a as usize] += score / div;
            a = self.node(a).parent;
        }
    }

    /// Step 4: should `n`, inside the article, be left out?
    fn clean_out(&self, n: u32) -> bool {
        let node = self.node(n);
        let s = self.stats[n as usize];
        let hints = &node.hints;
        match node.tag {
            Tag::H(1) => return true,
            Tag::H(2) => {
                if self.weight(n) < 0.0 {
                    return true;
                }
                if !self.title.is_empty() {
                    let mut w = Writer::default();
                    write_all(self.doc, n, &mut w);
                    if normalize_title(&w.finish()) == self.title {
                        return true;
                    }
                }
            }
            Tag::H(_) if self.weight(n) < 0.0 => return true,
            _ => {}
        }
        if s.len < 200 && any(hints, SHORT_DROP) && !any(hints, &["content", "body", "text"]) {
            return true;
        }
        // A paragraph that is mostly a link is a pointer elsewhere ("Read more: …").
        if matches!(node.tag, Tag::P | Tag::H(_) | Tag::Dd | Tag::Dt)
            && s.len < 300
            && self.link_density(n) > 0.5
        {
            return true;
        }
        if !self.flags.clean_conditionally {
            return false;
        }
        if !matches!(
            node.tag,
            Tag::Form
                | Tag::Fieldset
                | Tag::Table
                | Tag::Ul
                | Tag::Ol
                | Tag::Div
                | Tag::Section
                | Tag::Aside
        ) {
            return false;
        }
        if s.data_table {
            return false;
        }
        if self.inside(n, |t| t == Tag::Code || t == Tag::Pre) {
            return false;
        }
        let weight = self.weight(n);
        if weight < 0.0 {
            return true;
        }
        if s.commas >= 10 {
            return false;
        }
        let is_list = matches!(node.tag, Tag::Ul | Tag::Ol)
            || (s.len > 0 && s.list_text as f32 / s.len as f32 > 0.9);
        let figure = self.inside(n, |t| t == Tag::Figure);
        let li = s.li as i64 - 100;
        let ld = self.link_density(n);
        let heading_density = if s.len > 0 {
            s.heading as f32 / s.len as f32
        } else {
            0.0
        };
        (!figure && s.img > 1 && (s.p as f32 / s.img as f32) < 0.5)
            || (!is_list && li > s.p as i64)
            || (s.input > s.p / 3)
            || (!is_list
                && !figure
                && heading_density < 0.9
                && s.len < 25
                && (s.img == 0 || s.img > 2)
                && ld > 0.0)
            || (!is_list && weight < 25.0 && ld > 0.2)
            || (weight >= 25.0 && ld > 0.5)
            || ((s.embed == 1 && s.len < 75) || s.embed > 1)
            || (s.img == 0 && s.len == 0)
    }

    fn inside(&self, n: u32, f: impl Fn(Tag) -> bool) -> bool {
        let mut p = self.node(n).parent;
        while p != NONE {
            if f(self.doc.tag(p)) {
                return true;
            }
            p = self.node(p).parent;
        }
        false
    }

    fn write(&self, n: u32, w: &mut Writer, top: bool) {
        if self.removed[n as usize] {
            return;
        }
        let node = self.node(n);
        match node.tag {
            Tag::Text => w.text(&node.text),
            Tag::Br => w.brk(),
            tag => {
                if !top && self.clean_out(n) {
                    return;
                }
                let block = tag.is_block();
                if block {
                    w.brk();
                }
                for &c in &node.children {
                    if tag == Tag::Tr && matches!(self.doc.tag(c), Tag::Td | Tag::Th) {
                        w.space();
                    }
                    self.write(c, w, false);
                }
                if block {
                    w.brk();
                }
            }
        }
    }
}

/// A paragraph of 20+ bytes said again (a slideshow repeating its captions, a pull quote)
/// is kept once.
fn dedup_paragraphs(text: String) -> String {
    let paras: Vec<&str> = text.split("\n\n").collect();
    let mut seen = std::collections::HashSet::new();
    let kept: Vec<&str> = paras
        .iter()
        .copied()
        .filter(|p| p.len() < 20 || seen.insert(*p))
        .collect();
    if kept.len() == paras.len() {
        return text;
    }
    kept.join("\n\n")
}

/// Characters (whitespace runs as one) and commas of a text node.
fn text_counts(t: &str) -> (u32, u32) {
    let mut len = 0u32;
    let mut commas = 0u32;
    let mut ws = true;
    for c in t.chars() {
        if c.is_whitespace() {
            if !ws {
                len += 1;
                ws = true;
            }
        } else {
            ws = false;
            len += 1;
            if matches!(
                c,
                ',' | '\u{060C}'
                    | '\u{FE50}'
                    | '\u{FE10}'
                    | '\u{FE11}'
                    | '\u{2E41}'
                    | '\u{2E34}'
                    | '\u{2E32}'
                    | '\u{FF0C}'
                    | '\u{3001}'
            ) {
                commas += 1;
            }
        }
    }
    (len, commas)
}

fn normalize_title(t: &str) -> String {
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Accumulates text: words joined by single spaces, blocks by blank lines.
#[derive(Default)]
struct Writer {
    out: String,
    brk: bool,
    space: bool,
}

impl Writer {
    fn text(&mut self, s: &str) {
        let mut words = s.split_whitespace().peekable();
        if words.peek().is_none() {
            if !s.is_empty() {
                self.space = true;
            }
            return;
        }
        if s.starts_with(char::is_whitespace) {
            self.space = true;
        }
        for (i, word) in words.enumerate() {
            if i > 0 {
                self.space = true;
            }
            self.word(word);
        }
        if s.ends_with(char::is_whitespace) {
            self.space = true;
        }
    }

    fn word(&mut self, w: &str) {
        if !self.out.is_empty() {
            if self.brk {
                self.out.push_str("\n\n");
            } else if self.space {
                self.out.push(' ');
            }
        }
        self.out.push_str(w);
        self.brk = false;
        self.space = false;
    }

    fn brk(&mut self) {
        self.brk = true;
    }

    fn space(&mut self) {
        self.space = true;
    }

    fn finish(self) -> String {
        self.out
    }
}
