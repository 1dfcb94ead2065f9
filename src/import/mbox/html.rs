//! text/html parts to plain text. `<blockquote>` becomes `>` lines so that the
//! quote rules of plain mail apply; `<pre>` keeps its whitespace; a link whose
//! text is not its address keeps the address in angle brackets.

use scraper::{ElementRef, Html, Node};

pub(super) fn html_to_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let mut out = Writer::default();
    out.element(document.root_element());
    out.finish()
}

#[derive(Default)]
struct Writer {
    lines: Vec<(usize, String)>,
    line: String,
    line_depth: usize,
    depth: usize,
    pre: usize,
    /// Blank lines wanted before the next text (1 = line break, 2 = paragraph).
    breaks: u8,
    space: bool,
}

impl Writer {
    fn element(&mut self, element: ElementRef<'_>) {
        let name = element.value().name();
        if matches!(name, "script" | "style" | "head" | "title" | "template") {
            return;
        }
        let (before, after) = match name {
            "br" => (1, 0),
            "p" | "blockquote" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table"
            | "hr" => (2, 2),
            "div" | "li" | "tr" | "dt" | "dd" => (1, 1),
            _ => (0, 0),
        };
        self.want(before);
        if name == "blockquote" {
            self.depth += 1;
        }
        if name == "pre" {
            self.pre += 1;
        }
        if name == "li" {
            self.text("- ");
        }
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.text(text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.element(child);
                    }
                }
                _ => {}
            }
        }
        if name == "a"
            && let Some(href) = element.value().attr("href").filter(|h| h.starts_with("http"))
            && element.text().collect::<String>().trim() != href
        {
            self.text(&format!(" <{href}>"));
        }
        if name == "pre" {
            self.pre -= 1;
        }
        if name == "blockquote" {
            self.want(2);
            self.depth -= 1;
        }
        self.want(after);
    }

    fn want(&mut self, breaks: u8) {
        self.breaks = self.breaks.max(breaks);
    }

    fn text(&mut self, text: &str) {
        if self.pre > 0 {
            for (index, piece) in text.split('\n').enumerate() {
                if index > 0 {
                    self.want(1);
                }
                if !piece.is_empty() {
                    self.open();
                    self.line.push_str(piece);
                }
            }
            return;
        }
        for (index, word) in text.split(char::is_whitespace).enumerate() {
            if index > 0 {
                self.space = true;
            }
            if word.is_empty() {
                continue;
            }
            self.open();
            if self.space && !self.line.is_empty() {
                self.line.push(' ');
            }
            self.space = false;
            self.line.push_str(word);
        }
    }

    /// Starts a new line when breaks are pending.
    fn open(&mut self) {
        if self.breaks > 0 {
            if !self.line.is_empty() || !self.lines.is_empty() {
                self.lines.push((self.line_depth, std::mem::take(&mut self.line)));
                if self.breaks > 1 {
                    self.lines.push((self.line_depth.min(self.depth), String::new()));
                }
            }
            self.breaks = 0;
            self.space = false;
        }
        if self.line.is_empty() {
            self.line_depth = self.depth;
        }
    }

    fn finish(mut self) -> String {
        if !self.line.is_empty() {
            self.lines.push((self.line_depth, std::mem::take(&mut self.line)));
        }
        let mut out = String::new();
        let mut blank_run = 0;
        for (depth, line) in &self.lines {
            let line = line.trim_end();
            if line.is_empty() {
                blank_run += 1;
                if blank_run > 1 {
                    continue;
                }
            } else {
                blank_run = 0;
            }
            for _ in 0..*depth {
                out.push('>');
            }
            if *depth > 0 && !line.is_empty() {
                out.push(' ');
            }
            out.push_str(line);
            out.push('\n');
        }
        out.trim_matches('\n').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_quotes_links_and_entities() {
        let html = "<html><head><style>p{}</style></head><body><p>Hello &amp; <b>welcome</b></p>\
            <blockquote><p>quoted<br>line</p></blockquote><p>see <a href=\"https://x.org/a\">this</a></p>\
            <pre>a\n  b</pre></body></html>";
        assert_eq!(
            html_to_text(html),
            "Hello & welcome\n\n> quoted\n> line\n\nsee this <https://x.org/a>\n\na\n  b"
        );
    }
}
