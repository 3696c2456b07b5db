//! HTML pages to article text: charset decoding, then main-text extraction
//! with boilerplate removal, plus the page's title and publication date.
//!
//! The page is tokenized (html5gum, a WHATWG tokenizer) into a light tree of
//! block elements. Subtrees that are boilerplate by tag (`nav`, `footer`,
//! `aside`, `form`, `script`, ...), by ARIA role, by being hidden, or by a
//! class/id word (`cookie`, `related`, `share`, `newsletter`, ...) are
//! dropped. The remaining text blocks are scored as in Readability: a block
//! of real prose (long, with commas, few link characters) adds to the score
//! of the element that holds it and, less, to that element's ancestors. The
//! best-scoring element (and its strong siblings) is the article; its blocks
//! with low link density are the text, one paragraph per line.

use html5gum::{DefaultEmitter, Token, Tokenizer};
use serde_json::Value;

/// What a page yields.
#[derive(Debug, Default)]
pub(crate) struct Page {
    /// The article text: paragraphs separated by blank lines.
    pub text: String,
    /// The headline: `og:title`, JSON-LD `headline`, or `<title>`.
    pub title: Option<String>,
    /// The publication date as the page gives it (ISO 8601 mostly).
    pub date: Option<String>,
}

/// Decodes bytes as text: byte-order mark, then `declared` (a charset label
/// from HTTP headers), then a `<meta>` charset in the first 4 KiB; without
/// any, UTF-8 when the bytes are valid UTF-8, else windows-1252.
pub(crate) fn decode(bytes: &[u8], declared: Option<&str>) -> String {
    use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let label = declared.map(str::to_string).or_else(|| meta_charset(&bytes[..bytes.len().min(4096)]));
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    let enc = match label.as_deref().and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        // Pages that declare a legacy single-byte charset but are valid
        // UTF-8 with non-ASCII bytes are UTF-8: legacy text rarely is.
        Some(enc) if enc.is_single_byte() && utf8_ok && !bytes.is_ascii() => UTF_8,
        Some(enc) => enc,
        None if utf8_ok => UTF_8,
        None => WINDOWS_1252,
    };
    if enc == UTF_8 && utf8_ok {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// The charset named by `<meta charset=...>` or `<meta http-equiv ... content="...; charset=...">`.
fn meta_charset(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = text[from..].find("<meta") {
        let start = from + i;
        let end = text[start..].find('>').map_or(text.len(), |e| start + e);
        let tag = &text[start..end];
        if let Some(c) = tag.find("charset=") {
            let v = tag[c + 8..].trim_start_matches(['"', '\'', ' ']);
            let len =
                v.find(|ch: char| !(ch.is_ascii_alphanumeric() || "-_:.".contains(ch))).unwrap_or(v.len());
            if len > 0 {
                return Some(v[..len].to_string());
            }
        }
        from = end;
    }
    None
}

/// Elements whose whole subtree is never article text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "form",
    "button", "select", "option", "textarea", "input", "nav", "footer", "aside", "menu", "dialog", "label",
    "head", "audio", "video", "picture", "map",
];

/// Elements that start a new block of text.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "br",
];

/// Elements that hold text themselves rather than other blocks: their text
/// scores for the element around them.
const PARAGRAPH_TAGS: &[&str] =
    &["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt", "figcaption"];

/// Elements without an end tag.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr",
];

/// Class or id words of boilerplate containers.
const BOILERPLATE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "masthead",
    "breadcrumb",
    "breadcrumbs",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "banner",
    "related",
    "recommended",
    "recommendations",
    "readmore",
    "more",
    "share",
    "sharing",
    "social",
    "sidebar",
    "widget",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "sponsor",
    "sponsored",
    "comment",
    "comments",
    "disqus",
    "popup",
    "modal",
    "overlay",
    "paywall",
    "tags",
    "tagcloud",
    "taboola",
    "outbrain",
    "teaser",
    "teasers",
    "toolbar",
    "pagination",
    "pager",
    "login",
    "search",
    "rss",
    "trending",
    "popular",
    "mostread",
    "skip",
    "print",
];

/// Class or id words of article containers: they outweigh boilerplate words
/// on the same element ("article-footer" is still dropped by its tag only).
const ARTICLE_WORDS: &[&str] =
    &["article", "articlebody", "story", "content", "entry", "post", "text", "body", "main", "lead"];

#[derive(Debug)]
struct Node {
    parent: Option<usize>,
    paragraph: bool,
    article_hint: bool,
    score: f64,
}

#[derive(Debug)]
struct Block {
    text: String,
    chars: usize,
    link_chars: usize,
    node: usize,
    heading: bool,
}

struct Open {
    name: String,
    node: usize,
    skip: bool,
    link: bool,
}

/// Builds blocks from tokens.
#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    blocks: Vec<Block>,
    stack: Vec<Open>,
    buf: String,
    buf_chars: usize,
    buf_link_chars: usize,
    space: bool,
    title_tag: Option<String>,
    og_title: Option<String>,
    ld_headline: Option<String>,
    meta_date: Option<String>,
    ld_date: Option<String>,
    time_date: Option<String>,
    capture: Option<Capture>,
}

#[derive(PartialEq)]
enum Capture {
    Title(String),
    JsonLd(String),
}

impl Builder {
    /// A builder with the document root open.
    fn new() -> Builder {
        let mut b = Builder::default();
        b.nodes.push(Node { parent: None, paragraph: false, article_hint: false, score: 0.0 });
        b.stack.push(Open { name: "#root".into(), node: 0, skip: false, link: false });
        b
    }

    fn top(&self) -> Option<&Open> {
        self.stack.last()
    }

    fn current_node(&self) -> usize {
        self.top().map_or(0, |o| o.node)
    }

    fn flush(&mut self) {
        if self.buf_chars > 0 {
            let node = self.current_node();
            let heading = self.top().is_some_and(|o| matches!(o.name.as_str(), "h1" | "h2" | "h3" | "h4"));
            self.blocks.push(Block {
                text: std::mem::take(&mut self.buf),
                chars: self.buf_chars,
                link_chars: self.buf_link_chars,
                node,
                heading,
            });
        }
        self.buf.clear();
        self.buf_chars = 0;
        self.buf_link_chars = 0;
        self.space = false;
    }

    fn text(&mut self, s: &str) {
        if let Some(c) = &mut self.capture {
            match c {
                Capture::Title(t) | Capture::JsonLd(t) => t.push_str(s),
            }
            return;
        }
        let Some(top) = self.top() else { return };
        if top.skip {
            return;
        }
        let link = top.link;
        for ch in s.chars() {
            if ch.is_whitespace() || ch.is_control() {
                self.space = true;
                continue;
            }
            if self.space && self.buf_chars > 0 {
                self.buf.push(' ');
                self.buf_chars += 1;
                self.buf_link_chars += usize::from(link);
            }
            self.space = false;
            self.buf.push(ch);
            self.buf_chars += 1;
            self.buf_link_chars += usize::from(link);
        }
    }

    fn start(&mut self, name: &str, attr: &dyn Fn(&str) -> Option<String>, self_closing: bool) {
        match name {
            "title" if self.title_tag.is_none() => {
                self.capture = Some(Capture::Title(String::new()));
                return;
            }
            "script" if attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) => {
                self.capture = Some(Capture::JsonLd(String::new()));
                return;
            }
            "meta" => {
                self.meta(attr);
                return;
            }
            "time" if self.time_date.is_none() && !self.top().is_some_and(|o| o.skip) => {
                self.time_date = attr("datetime").filter(|d| !d.trim().is_empty());
            }
            _ => {}
        }
        if attr("itemprop").is_some_and(|p| p == "datePublished") && self.meta_date.is_none() {
            self.meta_date = attr("datetime").or_else(|| attr("content"));
        }
        if name == "body" {
            // `</head>` may be left out: the body closes the head.
            if let Some(pos) = self.stack.iter().position(|o| o.name == "head") {
                self.stack.truncate(pos);
            }
        }
        let block = BLOCK_TAGS.contains(&name);
        if block {
            self.flush();
        }
        if VOID_TAGS.contains(&name) || self_closing {
            return;
        }
        // Implied end tags: a new paragraph or list item closes the open one.
        if matches!(name, "p" | "li" | "dt" | "dd" | "tr" | "td" | "th") {
            if let Some(pos) = self.stack.iter().rposition(|o| o.name == name) {
                if self.stack[pos + 1..].iter().all(|o| !BLOCK_TAGS.contains(&o.name.as_str())) {
                    self.stack.truncate(pos);
                }
            }
        }
        let parent = self.top();
        let inherited_skip = parent.is_some_and(|o| o.skip);
        let in_article = self.stack.iter().any(|o| self.nodes.get(o.node).is_some_and(|n| n.article_hint));
        let words = class_words(attr);
        let article_hint = matches!(name, "article" | "main")
            || attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
            || words.iter().any(|w| matches!(w.as_str(), "articlebody" | "storybody" | "entrycontent"));
        let skip = inherited_skip
            || SKIP_TAGS.contains(&name)
            || (name == "header" && !in_article)
            || is_hidden(attr)
            || (!matches!(name, "html" | "body" | "main" | "article") && is_boilerplate(&words));
        let link = parent.is_some_and(|o| o.link) || name == "a";
        let node = if block {
            self.nodes.push(Node {
                parent: Some(self.current_node()),
                paragraph: PARAGRAPH_TAGS.contains(&name),
                article_hint,
                score: 0.0,
            });
            self.nodes.len() - 1
        } else {
            self.current_node()
        };
        self.stack.push(Open { name: name.to_string(), node, skip, link });
    }

    fn end(&mut self, name: &str) {
        match self.capture.take() {
            Some(Capture::Title(t)) if name == "title" => {
                self.title_tag = Some(t);
                return;
            }
            Some(Capture::JsonLd(t)) if name == "script" => {
                self.json_ld(&t);
                return;
            }
            other => self.capture = other,
        }
        let Some(pos) = self.stack.iter().rposition(|o| o.name == name) else { return };
        if BLOCK_TAGS.contains(&name)
            || self.stack[pos..].iter().any(|o| BLOCK_TAGS.contains(&o.name.as_str()))
        {
            self.flush();
        }
        self.stack.truncate(pos);
    }

    fn meta(&mut self, attr: &dyn Fn(&str) -> Option<String>) {
        let key = attr("property").or_else(|| attr("name")).or_else(|| attr("itemprop"));
        let (Some(key), Some(content)) = (key, attr("content")) else { return };
        let content = content.trim().to_string();
        if content.is_empty() {
            return;
        }
        match key.to_ascii_lowercase().as_str() {
            "og:title" | "twitter:title" if self.og_title.is_none() => self.og_title = Some(content),
            "article:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "publishdate"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.date"
            | "dcterms.created"
            | "sailthru.date"
            | "parsely-pub-date"
                if self.meta_date.is_none() =>
            {
                self.meta_date = Some(content)
            }
            _ => {}
        }
    }

    fn json_ld(&mut self, src: &str) {
        fn walk(v: &Value, headline: &mut Option<String>, date: &mut Option<String>) {
            match v {
                Value::Object(o) => {
                    if let (None, Some(Value::String(h))) = (&headline, o.get("headline")) {
                        *headline = Some(h.trim().to_string());
                    }
                    if let (None, Some(Value::String(d))) = (&date, o.get("datePublished")) {
                        *date = Some(d.trim().to_string());
                    }
                    for (k, v) in o {
                        if k == "@graph" || v.is_object() || v.is_array() {
                            walk(v, headline, date);
                        }
                    }
                }
                Value::Array(a) => a.iter().for_each(|v| walk(v, headline, date)),
                _ => {}
            }
        }
        if let Ok(v) = serde_json::from_str::<Value>(src.trim()) {
            walk(&v, &mut self.ld_headline, &mut self.ld_date);
        }
    }

    /// Scores the blocks and assembles the article text.
    fn finish(mut self) -> Page {
        self.flush();
        let mut best: Option<usize> = None;
        for b in &self.blocks {
            let density = b.link_chars as f64 / b.chars.max(1) as f64;
            if b.chars < 25 || density > 0.35 {
                continue;
            }
            let commas = b.text.matches([',', '،', '、', '，']).count() as f64;
            let score = 1.0 + commas + (b.chars as f64 / 100.0).min(3.0);
            // The element that holds the paragraph, then its ancestors.
            let mut owner = b.node;
            while self.nodes[owner].paragraph {
                match self.nodes[owner].parent {
                    Some(p) => owner = p,
                    None => break,
                }
            }
            let mut node = Some(owner);
            for share in [1.0, 0.5, 0.25] {
                let Some(n) = node else { break };
                self.nodes[n].score += score * share;
                node = self.nodes[n].parent;
            }
        }
        for n in &mut self.nodes {
            if n.article_hint {
                n.score *= 1.25;
            }
        }
        for (i, n) in self.nodes.iter().enumerate() {
            if n.score > 0.0 && best.map_or(true, |b| n.score > self.nodes[b].score) {
                best = Some(i);
            }
        }
        let chosen: Vec<usize> = match best {
            Some(b) => {
                let floor = (self.nodes[b].score * 0.2).max(3.0);
                let parent = self.nodes[b].parent;
                (0..self.nodes.len())
                    .filter(|&i| {
                        i == b
                            || (parent.is_some()
                                && self.nodes[i].parent == parent
                                && self.nodes[i].score >= floor)
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let inside = |mut n: usize| -> bool {
            if chosen.is_empty() {
                return true;
            }
            loop {
                if chosen.contains(&n) {
                    return true;
                }
                match self.nodes[n].parent {
                    Some(p) => n = p,
                    None => return false,
                }
            }
        };
        let mut text = String::new();
        for b in &self.blocks {
            let density = b.link_chars as f64 / b.chars.max(1) as f64;
            let prose = b.chars >= 15 || b.heading || b.text.ends_with(['.', '!', '?', '"', '”', '»', '…']);
            if density > 0.5 || !prose || !inside(b.node) {
                continue;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&b.text);
        }
        let clean = |s: String| {
            let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
            (!s.is_empty()).then_some(s)
        };
        Page {
            text,
            title: self
                .og_title
                .and_then(clean)
                .or(self.ld_headline.and_then(clean))
                .or(self.title_tag.and_then(clean)),
            date: self.meta_date.or(self.ld_date).or(self.time_date),
        }
    }
}

/// The words of an element's class and id, lowercase, split at anything
/// that is not a letter or digit ("related-articles" → "related", "articles").
fn class_words(attr: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let mut words = Vec::new();
    for key in ["class", "id"] {
        if let Some(v) = attr(key) {
            let v = v.to_ascii_lowercase();
            words.extend(
                v.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string),
            );
            // Also the whole compound without separators: "article-body" → "articlebody".
            for part in v.split_whitespace() {
                let joined: String = part.chars().filter(char::is_ascii_alphanumeric).collect();
                if joined.len() > 3 {
                    words.push(joined);
                }
            }
        }
    }
    words
}

fn is_boilerplate(words: &[String]) -> bool {
    words.iter().any(|w| BOILERPLATE_WORDS.contains(&w.as_str()))
        && !words.iter().any(|w| ARTICLE_WORDS.contains(&w.as_str()))
}

fn is_hidden(attr: &dyn Fn(&str) -> Option<String>) -> bool {
    if attr("hidden").is_some() || attr("aria-hidden").is_some_and(|v| v == "true") {
        return true;
    }
    if attr("style").is_some_and(|s| {
        let s: String = s.to_ascii_lowercase().split_whitespace().collect();
        s.contains("display:none") || s.contains("visibility:hidden")
    }) {
        return true;
    }
    attr("role").is_some_and(|r| {
        matches!(
            r.to_ascii_lowercase().as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "menu"
                | "menubar"
                | "dialog"
                | "alertdialog"
                | "search"
        )
    })
}

/// The article text, title and date of an HTML page (`bytes` in the charset
/// `declared` by the HTTP headers, if any).
pub(crate) fn extract(bytes: &[u8], declared: Option<&str>) -> Page {
    let html = decode(bytes, declared);
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut b = Builder::new();
    for token in Tokenizer::new_with_emitter(html.as_str(), emitter).flatten() {
        match token {
            Token::StartTag(t) => {
                let name = String::from_utf8_lossy(&t.name).to_ascii_lowercase();
                let attr =
                    |k: &str| t.attributes.get(k.as_bytes()).map(|v| String::from_utf8_lossy(v).into_owned());
                b.start(&name, &attr, t.self_closing);
            }
            Token::EndTag(t) => b.end(&String::from_utf8_lossy(&t.name).to_ascii_lowercase()),
            Token::String(s) => b.text(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_text_without_boilerplate() {
        let html = r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Stahlwerk schließt | Rheinzeitung</title>
<meta property="og:title" content="Stahlwerk in Duisburg schließt Ende des Jahres">
<meta property="article:published_time" content="2026-02-11T08:30:00+01:00">
<script>var tracking = "Dieser Text darf nie erscheinen, er ist Code.";</script>
</head><body>
<header class="site-header"><a href="/">Rheinzeitung</a><nav><ul><li><a href="/politik">Politik</a></li><li><a href="/wirtschaft">Wirtschaft</a></li></ul></nav></header>
<div id="cookie-banner"><p>Wir verwenden Cookies, um Ihnen das beste Erlebnis auf unserer Website zu bieten, bitte stimmen Sie zu.</p><button>Akzeptieren</button></div>
<main><article>
<h1>Stahlwerk in Duisburg schließt Ende des Jahres</h1>
<p>Der Konzern will das Werk im Norden der Stadt schließen, wie ein Sprecher am Dienstag mitteilte. Betroffen sind rund 1.200 Beschäftigte.</p>
<div class="ad-slot"><p>Anzeige: Jetzt das neue Abo mit Rabatt sichern, nur diese Woche, für alle Leser.</p></div>
<p>Die Gewerkschaft kündigte Widerstand an. „Wir werden um jeden Arbeitsplatz kämpfen“, sagte die Betriebsratsvorsitzende.</p>
<aside class="related"><h3>Mehr zum Thema</h3><ul><li><a href="/a">Hafen erweitert, Terminal eröffnet, Umschlag wächst weiter deutlich</a></li></ul></aside>
</article></main>
<footer><p>© 2026 Rheinzeitung, alle Rechte vorbehalten, Impressum, Datenschutz, Kontakt.</p></footer>
</body></html>"#;
        let page = extract(html.as_bytes(), None);
        assert!(page.text.contains("Der Konzern will das Werk"), "{}", page.text);
        assert!(page.text.contains("„Wir werden um jeden Arbeitsplatz kämpfen“"));
        for gone in
            ["Cookies", "Politik", "Anzeige", "Hafen", "Rechte vorbehalten", "tracking", "Akzeptieren"]
        {
            assert!(!page.text.contains(gone), "{gone:?} left in {:?}", page.text);
        }
        assert_eq!(page.text.matches("\n\n").count() + 1, page.text.split("\n\n").count());
        assert_eq!(page.title.as_deref(), Some("Stahlwerk in Duisburg schließt Ende des Jahres"));
        assert_eq!(page.date.as_deref(), Some("2026-02-11T08:30:00+01:00"));
    }

    #[test]
    fn charsets() {
        // "Příliš" in ISO-8859-2, declared in a meta tag.
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-2\"></head><body><p>P".to_vec();
        page.extend_from_slice(&[0xf8, 0xed, 0x6c, 0x69, 0xb9]);
        page.extend_from_slice(
            b" dlouh\xe1 v\xecta, kter\xe1 se m\xe1 vej\xedt do \xe8l\xe1nku.</p></body></html>",
        );
        let text = extract(&page, None).text;
        assert!(text.starts_with("Příliš dlouhá věta"), "{text}");
        assert_eq!(decode("Grüße".as_bytes(), Some("iso-8859-1")), "Grüße");
        assert_eq!(decode(b"Gr\xfc\xdfe", None), "Grüße");
    }

    #[test]
    fn json_ld_and_title_fallbacks() {
        let html = r#"<html><head><title>Kop  van de
 pagina</title><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"Kabinet valt","datePublished":"2026-01-05"}]}</script></head>
<body><div><p>Het kabinet is dinsdagavond gevallen na een conflict over de begroting, meldt het ANP.</p></div></body></html>"#;
        let page = extract(html.as_bytes(), None);
        assert_eq!(page.title.as_deref(), Some("Kabinet valt"));
        assert_eq!(page.date.as_deref(), Some("2026-01-05"));
        assert!(page.text.starts_with("Het kabinet"));
        let page = extract(b"<title>Alleen  een titel</title>", None);
        assert_eq!(page.title.as_deref(), Some("Alleen een titel"));
        assert_eq!(page.text, "");
    }

    #[test]
    fn odd_input_never_panics() {
        for s in [
            "",
            "<",
            "<p",
            "</div></div><p>x",
            "<a><b><p>tekst</a></b>",
            "\u{0}\u{feff}<html>",
            "<script>",
            "<title>x",
        ] {
            let _ = extract(s.as_bytes(), None);
        }
        let _ = extract(&[0xff, 0xfe, 0x00, 0x3c], Some("utf-16"));
    }
}
