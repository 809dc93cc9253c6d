use std::fmt;

/// Why a name written in a file names no unit or person of `org.ron` (see
/// [`crate::OrgNames`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Nothing has this id or name; the nearest ids and names, each shown as `id（名称）`.
    Unknown {
        /// The name as written.
        written: String,
        /// The nearest matches, nearest first (none when nothing is near).
        nearest: Vec<String>,
    },
    /// Several have this name; each candidate shown as `id（名称，单位）`.
    Ambiguous {
        /// The name as written.
        written: String,
        /// Every unit or person of that name.
        candidates: Vec<String>,
    },
}

impl NameError {
    /// The problem as the end of a sentence about a `what` (`unit`, `owner`, `person`):
    /// `unknown owner "李晶"; did you mean li_jing（李静，党政办）?` or
    /// `owner "李静" is ambiguous: … ; write the id`.
    pub fn describe(&self, what: &str) -> String {
        let what = what_word(what);
        match self {
            NameError::Unknown { written, .. } => {
                let suggestion = self.suggestion();
                crate::tr!("unknown {what} \"{written}\"{suggestion}", "{what}“{written}”不存在{suggestion}")
            }
            NameError::Ambiguous { written, candidates } => {
                let (count, candidates) = (candidates.len(), candidates.join(", "));
                crate::tr!(
                    "{what} \"{written}\" is ambiguous: {count} of org.ron have that name ({candidates}); write the id",
                    "{what}“{written}”有歧义：org.ron 中有 {count} 个同名（{candidates}）；请写编号"
                )
            }
        }
    }

    /// `; did you mean …?` naming the nearest matches of an unknown name, or nothing.
    pub fn suggestion(&self) -> String {
        match self {
            NameError::Unknown { nearest, .. } if !nearest.is_empty() => {
                let english = nearest.join(" or ");
                let chinese = nearest.join("、");
                crate::tr!("; did you mean {english}?", "；是否指 {chinese}？")
            }
            _ => String::new(),
        }
    }
}

/// `unknown person "李晶" (use an id or a name from org.ron)`: a name given on the command line
/// or in a form that org.ron does not have, `what` being `unit`, `owner`, `person`, ….
pub fn unknown_in_org(what: &str, given: &str) -> String {
    let what = what_word(what);
    crate::tr!(
        "unknown {what} \"{given}\" (use an id or a name from org.ron)",
        "没有{what}“{given}”（请用 org.ron 中的编号或名称）"
    )
}

/// What a name names, in the language of the messages.
pub(crate) fn what_word(what: &str) -> &str {
    if crate::Lang::is_english() {
        return what;
    }
    match what {
        "unit" => "单位",
        "owner" => "责任人",
        "person" => "人员",
        "cooperating unit" => "配合单位",
        "person or unit" => "人员或单位",
        "name" => "名称",
        "duty" => "职责",
        "event" => "事件",
        "instance" => "实例",
        other => other,
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe("name"))
    }
}

impl std::error::Error for NameError {}
