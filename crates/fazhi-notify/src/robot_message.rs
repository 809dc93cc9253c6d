//! Digests as group robot messages: markdown (钉钉, 企业微信) or text (飞书), split into as many
//! messages as the platform's size limit asks, never cut.

use chrono::NaiveDate;
use fazhi_core::{RobotConfig, RobotPlatform, Workspace};
use fazhi_store::NewMail;
use serde_json::json;

use crate::digest::Digest;

/// The most bytes of text one message of `platform` carries: 企业微信 markdown `content` at
/// most 4096 bytes (documented); 飞书 a request body of at most 20 KB (documented), of which the
/// text takes at most 16,000 bytes; 钉钉 at most 20,000 bytes (fazhi's bound: the pages found
/// document none).
pub fn size_limit(platform: RobotPlatform) -> usize {
    match platform {
        RobotPlatform::DingTalk => 20_000,
        RobotPlatform::WeCom => 4096,
        RobotPlatform::Feishu => 16_000,
    }
}

/// Packs `blocks` into parts of at most `limit` bytes each, every part starting with
/// `heading(i, n)` (part `i` of `n`, 1-based); a block larger than a part is split at
/// character boundaries, so that the parts hold every byte of every block, in order.
pub fn split_blocks(blocks: &[String], limit: usize, heading: &dyn Fn(usize, usize) -> String) -> Vec<String> {
    // The heading's room: as long as it can get (999 parts).
    let room = heading(999, 999).len();
    let budget = limit.saturating_sub(room).max(16);
    let mut pieces: Vec<String> = Vec::new();
    for block in blocks {
        let mut rest = block.as_str();
        while rest.len() > budget {
            let mut cut = budget;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            // Prefer a line break inside the block.
            if let Some(line) = rest[..cut].rfind('\n').filter(|at| *at > budget / 2) {
                cut = line + 1;
            }
            pieces.push(rest[..cut].to_string());
            rest = &rest[cut..];
        }
        pieces.push(rest.to_string());
    }
    let mut bodies: Vec<String> = Vec::new();
    let mut current = String::new();
    for piece in pieces {
        if !current.is_empty() && current.len() + piece.len() > budget {
            bodies.push(std::mem::take(&mut current));
        }
        current.push_str(&piece);
    }
    if !current.is_empty() || bodies.is_empty() {
        bodies.push(current);
    }
    let n = bodies.len();
    bodies.into_iter().enumerate().map(|(i, body)| format!("{}{body}", heading(i + 1, n))).collect()
}

/// The messages `robot` posts for `digests` (each a person's notices): one message, or as many
/// as its platform's size limit asks, each naming its part (（第 1/2 条）). 钉钉 messages @ the
/// people of their part who have a `mobile` in org.ron.
pub fn robot_messages(
    workspace: &Workspace,
    robot: &RobotConfig,
    digests: &[Digest<'_>],
    today: NaiveDate,
) -> Vec<NewMail> {
    let title = format!("【{}】法治工作提醒（{}）", workspace.config.organisation, today.format("%Y-%m-%d"));
    let markdown = robot.platform != RobotPlatform::Feishu;
    // Each block starts with a marker naming whose it is, for the @ of its part.
    let mut blocks = Vec::new();
    let mut owners = Vec::new();
    for digest in digests {
        for block in digest.robot_blocks(workspace, markdown, robot.platform == RobotPlatform::DingTalk) {
            blocks.push(block);
            owners.push(digest.recipient.mobile.clone());
        }
    }
    blocks.push(format!("\n本消息由 fazhi 自动发送。{}\n", workspace.config.organisation));
    owners.push(None);
    let heading = |i: usize, n: usize| {
        let part = if n > 1 { format!("（第 {i}/{n} 条）") } else { String::new() };
        if markdown {
            format!("#### {title}{part}\n")
        } else {
            format!("{title}{part}\n")
        }
    };
    let parts = split_blocks(&blocks, size_limit(robot.platform), &heading);
    let total = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let subject = if total > 1 { format!("{title}（第 {}/{total} 条）", i + 1) } else { title.clone() };
            let mut mobiles: Vec<String> = owners
                .iter()
                .zip(&blocks)
                .filter(|(mobile, block)| mobile.is_some() && text.contains(block.lines().next().unwrap_or_default()))
                .filter_map(|(mobile, _)| mobile.clone())
                .collect();
            mobiles.dedup();
            let body = match robot.platform {
                RobotPlatform::DingTalk => json!({
                    "msgtype": "markdown",
                    "markdown": { "title": subject, "text": text },
                    "at": { "atMobiles": mobiles, "isAtAll": false },
                }),
                RobotPlatform::WeCom => json!({ "msgtype": "markdown", "markdown": { "content": text } }),
                RobotPlatform::Feishu => json!({ "msg_type": "text", "content": { "text": text } }),
            };
            NewMail {
                channel: "robot".to_string(),
                sender: robot.platform.to_string(),
                address: robot.name.clone(),
                subject,
                raw: body.to_string().into_bytes(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_keep_every_byte_under_the_limit() {
        let blocks: Vec<String> = (0..40).map(|i| format!("第 {i} 项：{}\n", "法治".repeat(i * 7))).collect();
        let heading = |i: usize, n: usize| format!("## 提醒（第 {i}/{n} 条）\n");
        let parts = split_blocks(&blocks, 600, &heading);
        assert!(parts.len() > 1);
        let mut joined = String::new();
        for (i, part) in parts.iter().enumerate() {
            assert!(part.len() <= 600, "part {i} has {} bytes", part.len());
            let head = heading(i + 1, parts.len());
            joined.push_str(part.strip_prefix(&head).expect("each part names its place"));
        }
        assert_eq!(joined, blocks.concat());
    }

    #[test]
    fn one_small_message_is_one_part() {
        let parts = split_blocks(&["一项\n".to_string()], 4096, &|i, n| format!("{i}/{n}\n"));
        assert_eq!(parts, ["1/1\n一项\n"]);
    }
}
