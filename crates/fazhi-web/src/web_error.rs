use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use fazhi_app::AppError;

use crate::templates::{render, ErrorPage};

/// Why a request was not answered with its page.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// A job of the application layer failed: bad input is shown with its message (the one the
    /// CLI gives), anything else as an internal fault.
    #[error(transparent)]
    App(#[from] AppError),
    /// The signed-in person may not do this.
    #[error("not allowed")]
    Forbidden,
    /// A form without its anti-forgery token, or with another session's.
    #[error("the form's anti-forgery token is missing or wrong")]
    Csrf,
    /// No such page or task.
    #[error("not found")]
    NotFound,
    /// An uploaded file over the limit.
    #[error("the upload is over the limit of {limit_mb} MiB")]
    TooLarge {
        /// The limit, in MiB.
        limit_mb: u32,
    },
    /// A request the pages never make (a malformed form or parameter).
    #[error("{0}")]
    BadRequest(String),
    /// A fault of the server (a worker thread that failed, a file that could not be written).
    #[error("{0}")]
    Internal(String),
}

impl WebError {
    /// The status and the Chinese message shown.
    fn status_and_message(&self) -> (StatusCode, String) {
        match self {
            WebError::App(AppError::BadInput { message }) => (StatusCode::UNPROCESSABLE_ENTITY, message.clone()),
            WebError::App(err @ AppError::Invalid { .. }) => (StatusCode::UNPROCESSABLE_ENTITY, err.describe()),
            WebError::App(AppError::Failed { message }) => (StatusCode::UNPROCESSABLE_ENTITY, message.clone()),
            WebError::App(AppError::Internal { .. }) | WebError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误，请稍后再试或联系管理员。".to_string())
            }
            WebError::Forbidden => (StatusCode::FORBIDDEN, "您没有办理此事项的权限。".to_string()),
            WebError::Csrf => {
                (StatusCode::FORBIDDEN, "表单已失效（缺少或不符的防伪令牌），请返回刷新页面后重试。".to_string())
            }
            WebError::NotFound => (StatusCode::NOT_FOUND, "找不到该页面或任务。".to_string()),
            WebError::TooLarge { limit_mb } => {
                (StatusCode::PAYLOAD_TOO_LARGE, format!("上传的文件超过上限（{limit_mb} MiB），未作任何记录。"))
            }
            WebError::BadRequest(message) => (StatusCode::BAD_REQUEST, message.clone()),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message) = self.status_and_message();
        if status.is_server_error() {
            // The fault goes to the server's log, never into the page.
            eprintln!("fazhi web: {self}");
        }
        let title = match status {
            StatusCode::FORBIDDEN => "无权操作",
            StatusCode::NOT_FOUND => "未找到",
            StatusCode::PAYLOAD_TOO_LARGE => "文件过大",
            StatusCode::UNPROCESSABLE_ENTITY => "未能办理",
            status if status.is_server_error() => "服务器错误",
            _ => "请求有误",
        };
        (status, render(&ErrorPage { title, message: &message })).into_response()
    }
}
