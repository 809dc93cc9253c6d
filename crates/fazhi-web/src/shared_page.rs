//! A page sent in parts: what its request rendered for itself, and between those the long
//! stretches of HTML that every request of a view shares (the dashboard's body, the task
//! list's option lists of every unit and person), sent from where the view keeps them instead
//! of being copied into a new page for each request.
//!
//! At 100,000 tasks the dashboard's body is about half a megabyte: copying it into every
//! answer — into memory the allocator had just given back to the system, so that every page
//! of it was zeroed by the kernel again — was most of the server's work under load.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};

/// A page of HTML as parts, sent one after another (with the `Content-Length` of them all).
#[derive(Debug)]
pub struct SharedPage {
    parts: VecDeque<Bytes>,
    length: u64,
}

impl SharedPage {
    /// The page `rendered` with each `(mark, parts)` of `shared` in place of its mark: the
    /// marks in the order they come in the page, each once. A mark must be text that no
    /// escaped value can hold (one starting with `<`, such as `<fazhi-part:body>`), put where
    /// the template writes its HTML unescaped. A page without the marks (one that failed to
    /// render) is sent as it is.
    pub fn of(rendered: String, shared: &[(&str, &[Bytes])]) -> SharedPage {
        let rendered = Bytes::from(rendered);
        let mut page = SharedPage { parts: VecDeque::new(), length: 0 };
        let mut from = 0;
        for (mark, parts) in shared {
            let Some(at) = find(&rendered[from..], mark.as_bytes()) else { break };
            page.push(rendered.slice(from..from + at));
            for part in parts.iter() {
                page.push(part.clone());
            }
            from += at + mark.len();
        }
        page.push(rendered.slice(from..));
        page
    }

    fn push(&mut self, part: Bytes) {
        if !part.is_empty() {
            self.length += part.len() as u64;
            self.parts.push_back(part);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

impl http_body::Body for SharedPage {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let part = self.parts.pop_front();
        if let Some(part) = &part {
            self.length -= part.len() as u64;
        }
        Poll::Ready(part.map(|part| Ok(Frame::data(part))))
    }

    fn is_end_stream(&self) -> bool {
        self.parts.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.length)
    }
}

impl IntoResponse for SharedPage {
    fn into_response(self) -> Response {
        let html = HeaderValue::from_static("text/html; charset=utf-8");
        ([(CONTENT_TYPE, html)], Body::new(self)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use axum::body::{to_bytes, Bytes};
    use axum::http::header::CONTENT_TYPE;
    use axum::response::IntoResponse;

    use super::SharedPage;

    async fn text(page: SharedPage) -> String {
        let response = page.into_response();
        assert_eq!(response.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        let bytes = to_bytes(response.into_body(), usize::MAX).await.expect("a body");
        String::from_utf8(bytes.to_vec()).expect("UTF-8")
    }

    #[tokio::test]
    async fn the_shared_parts_take_the_place_of_their_marks() {
        let body = Bytes::from("<p>正文</p>");
        let (a, b, c) = (Bytes::from("<option>1</option>"), Bytes::from(""), Bytes::from("<option>2</option>"));
        let page = SharedPage::of(
            "<main><x-body></main><select><x-options></select>".to_string(),
            &[("<x-body>", &[body]), ("<x-options>", &[a, b, c])],
        );
        let length = "<main><p>正文</p></main><select><option>1</option><option>2</option></select>".len() as u64;
        assert_eq!(http_body::Body::size_hint(&page).exact(), Some(length));
        assert_eq!(text(page).await, "<main><p>正文</p></main><select><option>1</option><option>2</option></select>");
    }

    #[tokio::test]
    async fn a_page_without_its_marks_is_sent_as_it_is() {
        let page = SharedPage::of("<p>页面生成失败。</p>".to_string(), &[("<x-body>", &[Bytes::from("body")])]);
        assert_eq!(text(page).await, "<p>页面生成失败。</p>");
        // Marks out of order: the parts after the one missing are left out too.
        let page = SharedPage::of("<b>-<a>".to_string(), &[("<a>", &[Bytes::from("A")]), ("<b>", &[Bytes::from("B")])]);
        assert_eq!(text(page).await, "<b>-A");
    }

    #[tokio::test]
    async fn the_answer_tells_its_length() {
        let page = SharedPage::of("ab<m>cd".to_string(), &[("<m>", &[Bytes::from("xyz")])]);
        let response = page.into_response();
        let body = response.into_body();
        assert_eq!(http_body::Body::size_hint(&body).exact(), Some(7));
    }
}
