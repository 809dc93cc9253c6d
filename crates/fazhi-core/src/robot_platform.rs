use std::fmt;

use serde::{Deserialize, Serialize};

/// The platforms whose group robots fazhi posts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RobotPlatform {
    /// 钉钉 (and 政务钉钉) custom robot: `access_token` in the address, optional 加签 secret.
    DingTalk,
    /// 企业微信 group robot: the webhook `key`.
    WeCom,
    /// 飞书 custom bot: the hook id in the address, optional 签名校验 secret.
    Feishu,
}

impl RobotPlatform {
    /// The platform's webhook address without the credential.
    pub fn default_url(self) -> &'static str {
        match self {
            RobotPlatform::DingTalk => "https://oapi.dingtalk.com/robot/send",
            RobotPlatform::WeCom => "https://qyapi.weixin.qq.com/cgi-bin/webhook/send",
            RobotPlatform::Feishu => "https://open.feishu.cn/open-apis/bot/v2/hook",
        }
    }

    /// The documented number of messages a robot may post per minute (钉钉 and 企业微信: 20;
    /// 飞书: 100).
    pub fn per_minute(self) -> u32 {
        match self {
            RobotPlatform::DingTalk | RobotPlatform::WeCom => 20,
            RobotPlatform::Feishu => 100,
        }
    }

    /// The platform's name in Chinese.
    pub fn title(self) -> &'static str {
        match self {
            RobotPlatform::DingTalk => "钉钉",
            RobotPlatform::WeCom => "企业微信",
            RobotPlatform::Feishu => "飞书",
        }
    }
}

impl fmt::Display for RobotPlatform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RobotPlatform::DingTalk => "DingTalk",
            RobotPlatform::WeCom => "WeCom",
            RobotPlatform::Feishu => "Feishu",
        })
    }
}
