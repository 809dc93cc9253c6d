use crate::checklist_text::quoted;
use crate::{Person, Unit};

/// The text of `org.ron` (valid, as `existing`) with `units` and `people` added at the end of
/// its `units: [...]` and `people: [...]` lists; everything already written, comments
/// included, stays as it is. `None` if the lists cannot be found (the file is not an org.ron
/// as fazhi writes and reads it).
pub fn org_ron_with(existing: &str, units: &[Unit], people: &[Person]) -> Option<String> {
    let mut text = existing.to_string();
    // People first: they come after the units in the file, so the units' place stays put.
    for (list, entries) in
        [("people", people.iter().map(person).collect::<Vec<_>>()), ("units", units.iter().map(unit).collect())]
    {
        if entries.is_empty() {
            continue;
        }
        let (close, last) = list_close(&text, list)?;
        let comma = if matches!(text.as_bytes()[last], b'[' | b',') { "" } else { "," };
        let added: String = entries.iter().map(|entry| format!("        {entry},\n")).collect();
        let line_start = text[..close].rfind('\n').map_or(0, |at| at + 1);
        let (at, lead) = if text[line_start..close].trim().is_empty() { (line_start, "") } else { (close, "\n") };
        let indent = if lead.is_empty() { "" } else { "    " };
        text = format!("{}{comma}{}{lead}{added}{indent}{}", &text[..=last], &text[last + 1..at], &text[at..]);
    }
    Some(text)
}

fn unit(unit: &Unit) -> String {
    let leader = unit.leader.as_ref().map_or(String::new(), |leader| format!(", leader: {}", quoted(leader)));
    format!("(id: {}, name: {}{leader})", quoted(&unit.id), quoted(&unit.name))
}

fn person(person: &Person) -> String {
    let mut text =
        format!("(id: {}, name: {}, unit: {}", quoted(&person.id), quoted(&person.name), quoted(&person.unit));
    if !person.email.is_empty() {
        text.push_str(&format!(", email: {}", quoted(&person.email)));
    }
    if let Some(mobile) = &person.mobile {
        text.push_str(&format!(", mobile: {}", quoted(mobile)));
    }
    if !person.roles.is_empty() {
        let roles: Vec<String> = person.roles.iter().map(|role| quoted(role)).collect();
        text.push_str(&format!(", roles: [{}]", roles.join(", ")));
    }
    if let Some(certificate) = &person.certificate {
        let issued = certificate.issued.map_or(String::new(), |issued| format!(", issued: \"{issued}\""));
        text.push_str(&format!(
            ", certificate: (number: {}, expires: \"{}\"{issued})",
            quoted(&certificate.number),
            certificate.expires
        ));
    }
    text.push(')');
    text
}

/// The byte offset of the `]` that closes the list of the top-level field `field`, strings and
/// comments passed over, and that of the last byte before it that is neither space nor comment.
fn list_close(text: &str, field: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let (mut i, mut depth, mut open_at_depth) = (0, 0usize, None::<usize>);
    let mut last_word: Option<(usize, usize)> = None;
    let mut last = 0;
    while i < bytes.len() {
        let comment = bytes[i] == b'/' && matches!(bytes.get(i + 1), Some(b'/' | b'*'));
        if !(bytes[i].is_ascii_whitespace() || comment) {
            if bytes[i] == b']' && open_at_depth == Some(depth) {
                return Some((i, last));
            }
            last = i;
        }
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                last = i.min(bytes.len() - 1);
            }
            b'(' | b'[' => {
                depth += 1;
                if bytes[i] == b'[' && depth == 2 && open_at_depth.is_none() {
                    if let Some((start, end)) = last_word {
                        if &text[start..end] == field {
                            open_at_depth = Some(depth);
                        }
                    }
                }
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                last_word = Some((start, i));
                last = i - 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::org_ron_with;
    use crate::{Person, Unit};

    #[test]
    fn units_and_people_are_added_at_the_end_of_their_lists_and_the_rest_stays() {
        let existing =
            "// 组织\n(\n    units: [\n        (id: \"a\", name: \"甲\"), // ]\n    ],\n    people: [],\n)\n";
        let unit = Unit { id: "b".into(), name: "乙\"办".into(), leader: None };
        let person = Person {
            id: "ma_jun".into(),
            name: "马军".into(),
            unit: "b".into(),
            email: String::new(),
            mobile: None,
            roles: vec!["主任".into()],
            certificate: None,
        };
        let text = org_ron_with(existing, &[unit], &[person]).unwrap();
        assert_eq!(
            text,
            "// 组织\n(\n    units: [\n        (id: \"a\", name: \"甲\"), // ]\n        (id: \"b\", name: \"乙\\\"办\"),\n    ],\n    \
             people: [\n        (id: \"ma_jun\", name: \"马军\", unit: \"b\", roles: [\"主任\"]),\n    ],\n)\n"
        );
    }
}
