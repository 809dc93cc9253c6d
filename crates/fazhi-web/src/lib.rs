//! fazhi's web interface: the pages the office works in — the 工作台 (what is overdue, due soon
//! and done, per unit and per module), the 任务清单 with the filters of `fazhi tasks`, each
//! task's page with its deadline explained, its history and evidence, and the buttons that
//! change it, and the 审计 page with the audit log's head and checks.
//!
//! Every page calls the application layer ([`fazhi_app::Session`]); nothing here decides what
//! a job does. What is the web's own: accounts and sessions (kept in the state through
//! [`fazhi_store::AccountStore`]), who may change what ([`Role`]), anti-forgery tokens,
//! security headers, and the pages themselves (askama templates, htmx for partial updates,
//! every asset served from the binary: [`assets`]).
//!
//! Start it with [`WebApp::open`] and [`serve`], or build the [`router`] to test it.
#![warn(missing_docs)]

pub mod assets;
mod auth;
mod client_address;
mod county_site;
mod dossier_form;
mod file_form;
mod flow_graph;
mod labels;
mod links;
mod login_throttle;
mod mount;
mod option_list;
mod readers;
mod role;
mod routes;
mod security;
mod server;
mod shared_page;
mod templates;
mod upload;
mod view;
mod web_app;
mod web_error;

pub use client_address::ClientAddress;
pub use county_site::CountySite;
pub use login_throttle::LoginThrottle;
pub use mount::Mount;
pub use option_list::OptionList;
pub use readers::Readers;
pub use role::Role;
pub use routes::{county_router, router};
pub use server::{serve, serve_county};
pub(crate) use shared_page::SharedPage;
pub use view::View;
pub use web_app::WebApp;
pub use web_error::WebError;

/// The cookie holding a signed-in browser's session token.
pub const SESSION_COOKIE: &str = "fazhi_session";
/// The cookie holding the sign-in form's anti-forgery token.
pub const LOGIN_CSRF_COOKIE: &str = "fazhi_login_csrf";
