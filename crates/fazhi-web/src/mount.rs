use crate::{LOGIN_CSRF_COOKIE, SESSION_COOKIE};

/// Where a [`crate::WebApp`]'s pages are on their server: at its root (one town's server), or
/// under a path of a county's server ([`crate::CountySite`]) — a town's under `/towns/KEY`, the
/// county office's own under `/office`. Every link, form and redirect of the app's pages starts
/// with its base, and its cookies have names of their own, so that a browser signed in to one
/// town is not signed in to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    base: String,
    cookie_suffix: String,
    cookie_path: String,
    in_county: bool,
}

impl Mount {
    /// At the server's root: the pages of one town.
    pub fn root() -> Mount {
        Mount { base: String::new(), cookie_suffix: String::new(), cookie_path: "/".to_string(), in_county: false }
    }

    /// Under `/towns/KEY` of a county's server, its cookies sent to that path only.
    pub fn town(key: &str) -> Mount {
        let base = format!("/towns/{key}");
        Mount { cookie_suffix: format!("_town_{key}"), cookie_path: base.clone(), base, in_county: true }
    }

    /// Under `/office` of a county's server: the county office's own workspace, whose session
    /// cookie is sent on every path of the server (its people read every town).
    pub fn office() -> Mount {
        Mount {
            base: "/office".to_string(),
            cookie_suffix: "_office".to_string(),
            cookie_path: "/".to_string(),
            in_county: true,
        }
    }

    /// The path `path` (which starts with `/`) of this app.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The app's first page.
    pub fn home(&self) -> String {
        self.link("/")
    }

    /// What every path of the app starts with (empty at the root).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Whether the app is on a county's server (its pages link to the county's overview).
    pub fn in_county(&self) -> bool {
        self.in_county
    }

    /// The name of the cookie holding a signed-in browser's session token.
    pub fn session_cookie(&self) -> String {
        format!("{SESSION_COOKIE}{}", self.cookie_suffix)
    }

    /// The name of the cookie holding the sign-in form's anti-forgery token.
    pub fn login_cookie(&self) -> String {
        format!("{LOGIN_CSRF_COOKIE}{}", self.cookie_suffix)
    }

    /// The path the app's cookies are sent to.
    pub fn cookie_path(&self) -> &str {
        &self.cookie_path
    }
}

#[cfg(test)]
mod tests {
    use super::Mount;

    #[test]
    fn each_mount_has_its_links_and_cookies() {
        let root = Mount::root();
        assert_eq!(
            (root.link("/tasks"), root.home(), root.session_cookie()),
            ("/tasks".into(), "/".into(), "fazhi_session".into())
        );
        let town = Mount::town("wangtuan");
        assert_eq!(town.link("/tasks"), "/towns/wangtuan/tasks");
        assert_eq!(
            (town.session_cookie(), town.cookie_path()),
            ("fazhi_session_town_wangtuan".into(), "/towns/wangtuan")
        );
        let office = Mount::office();
        assert_eq!(
            (office.home(), office.cookie_path(), office.login_cookie()),
            ("/office/".into(), "/", "fazhi_login_csrf_office".into())
        );
    }
}
