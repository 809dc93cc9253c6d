//! Notification channels: the [`Channel`] trait every way of reaching people implements (a
//! [`Mailer`] is one), and [`Channels`], which hands each queued message to its own.

use crate::mailer::{BoxFuture, Mailer, Outgoing, SendError};
use crate::robot::RobotChannel;

/// Something that delivers queued messages: mail (every [`Mailer`]), a group robot, or
/// [`Channels`], which routes each message to the channel it was queued for.
pub trait Channel: Send + Sync {
    /// Delivers one message; `Ok` once it was accepted.
    fn send_message<'a>(&'a self, message: &'a Outgoing<'a>) -> BoxFuture<'a, Result<(), SendError>>;

    /// What it delivers to, for people.
    fn describe_target(&self) -> String;

    /// Whether a message of `channel` (`email`, `robot`) it accepts is only written down (the
    /// outbox folder), not sent.
    fn only_writes(&self, channel: &str) -> bool {
        let _ = channel;
        false
    }
}

/// A mailer is the `email` channel; it refuses a message queued for a robot (a robot's JSON
/// must never be mailed).
impl<M: Mailer + ?Sized> Channel for M {
    fn send_message<'a>(&'a self, message: &'a Outgoing<'a>) -> BoxFuture<'a, Result<(), SendError>> {
        if message.channel != "email" {
            return Box::pin(async move {
                Err(SendError {
                    message: format!("message for the robot \"{}\", but no robot is configured", message.address),
                    permanent: true,
                })
            });
        }
        self.send(message)
    }

    fn describe_target(&self) -> String {
        self.describe()
    }

    fn only_writes(&self, channel: &str) -> bool {
        channel == "email" && Mailer::only_writes(self)
    }
}

/// The channels `fazhi.ron` configures: the mailer and the group robots by name.
pub struct Channels {
    email: Box<dyn Mailer>,
    robots: Vec<RobotChannel>,
}

impl std::fmt::Debug for Channels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channels").field("email", &self.email.describe()).field("robots", &self.robots).finish()
    }
}

impl Channels {
    /// Mail through `email`, robot messages through the robot of their name.
    pub fn new(email: Box<dyn Mailer>, robots: Vec<RobotChannel>) -> Channels {
        Channels { email, robots }
    }

    /// The robot called `name`.
    pub fn robot(&self, name: &str) -> Option<&RobotChannel> {
        self.robots.iter().find(|robot| robot.name() == name)
    }
}

impl Channel for Channels {
    fn send_message<'a>(&'a self, message: &'a Outgoing<'a>) -> BoxFuture<'a, Result<(), SendError>> {
        match message.channel {
            "email" => self.email.send(message),
            "robot" => match self.robot(message.address) {
                Some(robot) => robot.send_message(message),
                None => Box::pin(async move {
                    Err(SendError {
                        message: format!("robot \"{}\" is not in fazhi.ron (any more)", message.address),
                        permanent: true,
                    })
                }),
            },
            other => {
                Box::pin(
                    async move { Err(SendError { message: format!("unknown channel \"{other}\""), permanent: true }) },
                )
            }
        }
    }

    fn describe_target(&self) -> String {
        let mut out = self.email.describe();
        if !self.robots.is_empty() {
            let names: Vec<String> = self.robots.iter().map(RobotChannel::describe).collect();
            out.push_str(" and ");
            out.push_str(&names.join(", "));
        }
        out
    }

    fn only_writes(&self, channel: &str) -> bool {
        channel == "email" && self.email.only_writes()
    }
}
