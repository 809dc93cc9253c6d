//! The host API: the functions rule scripts may call besides the language's own. Every
//! function here is listed, with an example, in `docs/rules-host-api.md`.
//!
//! The review in progress (its calendar, its dossier and the rule being run) is reached
//! through scoped thread-locals set by [`with_review`] and [`set_rule`], so nothing is
//! registered per call.

use std::cell::{Cell, RefCell};

use chrono::{Datelike, NaiveDate};
use fazhi_core::{Calendar, CalendarError, Counting, Org};
use rhai::{
    Array, Dynamic, Engine, EvalAltResult, FuncRegistration, ImmutableString, Map, NativeCallContext, Position, INT,
};

use crate::Severity;

scoped_tls::scoped_thread_local!(static CALENDAR: Calendar);
scoped_tls::scoped_thread_local!(static DOSSIER: Dynamic);
scoped_tls::scoped_thread_local!(static ORG: Org);

thread_local! {
    static RULE: RefCell<ImmutableString> = RefCell::new(ImmutableString::new());
    /// The stages of the reviewed dossier's kind and where its stage is among them, once
    /// `reached()` has found them: the dossier does not change during a review.
    static STAGE: Cell<Option<(&'static [&'static str], usize)>> = const { Cell::new(None) };
    /// The provisional (暂定) calendar years the review's working-day counts went through.
    static PROVISIONAL: RefCell<Vec<i32>> = const { RefCell::new(Vec::new()) };
}

/// The key of the map a calendar failure is thrown as, so the review can tell a date outside
/// the calendar (a problem of the dossier) from a broken script.
pub(crate) const OUTSIDE_CALENDAR: &str = "outside_calendar";

/// The key of the map a date a host function cannot read is thrown as (with its `message`).
pub(crate) const BAD_DATE: &str = "bad_date";

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// Runs `f` with `calendar`, `dossier` and, when known, the workspace's `org` visible to the
/// host functions; also returns the provisional calendar years that the working-day counts of
/// the rules went through.
pub(crate) fn with_review<R>(
    calendar: &Calendar,
    org: Option<&Org>,
    dossier: &Dynamic,
    f: impl FnOnce() -> R,
) -> (R, Vec<i32>) {
    let outer = STAGE.replace(None);
    let outer_years = PROVISIONAL.take();
    let result = CALENDAR.set(calendar, || {
        DOSSIER.set(dossier, || match org {
            Some(org) => ORG.set(org, f),
            None => f(),
        })
    });
    STAGE.set(outer);
    let mut years = PROVISIONAL.replace(outer_years);
    years.sort_unstable();
    years.dedup();
    (result, years)
}

/// Notes the provisional years from `from`'s year to `to`'s that a count went through.
fn note_provisional(calendar: &Calendar, from: NaiveDate, to: NaiveDate) {
    if calendar.is_provisional(from.year()) || calendar.is_provisional(to.year()) || from.year().abs_diff(to.year()) > 1
    {
        PROVISIONAL.with(|years| years.borrow_mut().extend(calendar.provisional_between(from, to)));
    }
}

/// Makes `rule` the rule that `block`, `warn` and `info` report for.
pub(crate) fn set_rule(rule: &ImmutableString) {
    RULE.with(|current| current.borrow_mut().clone_from(rule));
}

/// Registers every host function.
pub(crate) fn register(engine: &mut Engine) {
    // Dates and the working-day calendar.
    engine.register_fn("is_date", |text: &str| fazhi_core::parse_date(text).is_ok());
    engine.register_fn("date", |text: &str| -> Result<String> { parse(text).map(|date| date.to_string()) });
    engine.register_fn("days_between", |from: &str, to: &str| -> Result<INT> {
        Ok((parse(to)? - parse(from)?).num_days())
    });
    engine.register_fn("add_days", |date: &str, days: INT| -> Result<String> {
        let date = parse(date)?;
        date.checked_add_signed(chrono::TimeDelta::days(days))
            .map(|date| date.to_string())
            .ok_or_else(|| runtime(format!("{date} plus {days} days is not a date")))
    });
    engine.register_fn("working_days_between", |from: &str, to: &str| -> Result<INT> {
        let (from, to) = (parse(from)?, parse(to)?);
        with_calendar(|calendar| {
            note_provisional(calendar, from, to);
            calendar.working_days_between(from, to)
        })
    });
    engine.register_fn("add_working_days", |date: &str, days: INT| -> Result<String> {
        let date = parse(date)?;
        let days = u32::try_from(days)
            .map_err(|_| runtime(format!("add_working_days: {days} is not a count of days (0 or more)")))?;
        with_calendar(|calendar| {
            let result = calendar.add_working_days(date, days)?;
            note_provisional(calendar, date, result);
            Ok(result)
        })
        .map(|date| date.to_string())
    });
    // Periods, counted as the law says: "calendar" days roll forward past a holiday or rest day
    // (《民法典》第二百零三条), "working" days, or a "lead" time that never moves.
    engine.register_fn("period_end", |date: &str, days: INT, counting: &str| -> Result<String> {
        let start = parse(date)?;
        let days = u32::try_from(days)
            .map_err(|_| runtime(format!("period_end: {days} is not a count of days (0 or more)")))?;
        let counting: Counting =
            counting.parse().map_err(|message: String| runtime(format!("period_end: {message}")))?;
        with_calendar(|calendar| {
            let end = counting.end(calendar, start, days)?;
            note_provisional(calendar, start, end.date);
            Ok(end.date)
        })
        .map(|date| date.to_string())
    });
    engine.register_fn("roll_forward", |date: &str| -> Result<String> {
        let date = parse(date)?;
        with_calendar(|calendar| {
            let rolled = calendar.first_working_day_from(date)?;
            note_provisional(calendar, date, rolled);
            Ok(rolled)
        })
        .map(|date| date.to_string())
    });
    engine.register_fn("roll_note", |date: &str| -> Result<String> {
        let date = parse(date)?;
        with_calendar(|calendar| {
            let roll = calendar.roll_forward(date)?;
            note_provisional(calendar, date, roll.as_ref().map_or(date, |roll| roll.to));
            Ok(roll.map_or_else(String::new, |roll| roll.to_string()))
        })
    });
    engine.register_fn("is_working_day", |date: &str| -> Result<bool> {
        let date = parse(date)?;
        with_calendar(|calendar| {
            note_provisional(calendar, date, date);
            calendar.is_working_day(date)
        })
    });

    // The organisation (org.ron), when the review runs in a workspace.
    engine.register_fn("org_known", || ORG.is_set());
    engine.register_fn("org_person", |name: &str| -> Dynamic {
        if !ORG.is_set() {
            return Dynamic::UNIT;
        }
        ORG.with(|org| {
            let Some(person) = org.people.iter().find(|person| person.name == name || person.id == name) else {
                return Dynamic::UNIT;
            };
            let mut map = Map::new();
            map.insert("id".into(), Dynamic::from(person.id.clone()));
            map.insert("name".into(), Dynamic::from(person.name.clone()));
            map.insert("unit".into(), Dynamic::from(person.unit.clone()));
            let (number, expires) = match &person.certificate {
                Some(certificate) => (certificate.number.clone(), certificate.expires.to_string()),
                None => (String::new(), String::new()),
            };
            map.insert("certificate".into(), Dynamic::from(number));
            map.insert("expires".into(), Dynamic::from(expires));
            Dynamic::from_map(map)
        })
    });

    // The dossier.
    engine.register_fn("has", |path: &str| -> Result<bool> {
        with_dossier(|dossier| visit(dossier, path, |value| value.is_some_and(is_present)))
    });
    engine.register_fn("get", |path: &str| -> Result<Dynamic> {
        with_dossier(|dossier| lookup(dossier, path).unwrap_or(Dynamic::UNIT))
    });
    // `get(path, default)` for each type a default may have: a `Dynamic` parameter would make
    // every call search for the overload.
    engine.register_fn("get", |path: &str, default: bool| get_or(path, Dynamic::from_bool(default)));
    engine.register_fn("get", |path: &str, default: INT| get_or(path, Dynamic::from_int(default)));
    engine.register_fn("get", |path: &str, default: f64| get_or(path, Dynamic::from_float(default)));
    engine.register_fn("get", |path: &str, default: ImmutableString| get_or(path, Dynamic::from(default)));
    engine.register_fn("get", |path: &str, default: Array| get_or(path, Dynamic::from_array(default)));
    engine.register_fn("get", |path: &str, default: Map| get_or(path, Dynamic::from_map(default)));
    engine.register_fn("get", |path: &str, _: ()| get_or(path, Dynamic::UNIT));

    // Stages of the built-in kinds.
    engine.register_fn("reached", |step: &str| -> Result<bool> { with_dossier(|dossier| reached(dossier, step))? });

    // Findings.
    // The texts are taken as the script's own strings (no copies).
    type Text = ImmutableString;
    engine.register_fn(
        "finding",
        |rule: Text, severity: &str, message: Text, basis: Text, field: Text| -> Result<Map> {
            finding(rule, severity.parse().map_err(runtime)?, message, basis, Some(field))
        },
    );
    engine.register_fn("finding", |rule: Text, severity: &str, message: Text, basis: Text| -> Result<Map> {
        finding(rule, severity.parse().map_err(runtime)?, message, basis, None)
    });
    engine.register_fn("finding", |map: Map| -> Result<Map> { check_finding_map(map) });
    for severity in [Severity::Block, Severity::Warn, Severity::Info] {
        engine.register_fn(severity.as_str(), move |message: Text, basis: Text, field: Text| -> Result<Map> {
            finding(current_rule(), severity, message, basis, Some(field))
        });
        engine.register_fn(severity.as_str(), move |message: Text, basis: Text| -> Result<Map> {
            finding(current_rule(), severity, message, basis, None)
        });
    }

    // Formatting.
    engine.register_fn("money", |amount: INT| format!("{amount}元"));
    engine.register_fn("money", |amount: f64| money(amount));

    // `text in array` (and `array.contains(text)`) for a string: the language's version calls
    // `==` through a fresh call context for every element, which makes a check against a list
    // of a module's parameters cost as much as a rule.
    FuncRegistration::new("contains").with_purity(true).register_into_engine(engine, array_contains_text);
}

/// Whether `array` holds `value`, as the language's `contains` decides it: a string element
/// is compared here; any other element is compared with `==` as the language does.
fn array_contains_text(ctx: NativeCallContext, array: &mut Array, value: ImmutableString) -> Result<bool> {
    for item in array.iter_mut() {
        if let Ok(text) = item.as_immutable_string_ref() {
            if *text == value {
                return Ok(true);
            }
            continue;
        }
        let same_type = item.type_id() == std::any::TypeId::of::<ImmutableString>();
        let equal = ctx.call_native_fn_raw("==", true, &mut [item, &mut Dynamic::from(value.clone())]).or_else(
            |err| match *err {
                // No `==` for the pair: elements of another type are not equal.
                EvalAltResult::ErrorFunctionNotFound(ref signature, ..)
                    if signature.starts_with("==") && !same_type =>
                {
                    Ok(Dynamic::FALSE)
                }
                _ => Err(err),
            },
        )?;
        if equal.as_bool().unwrap_or(false) {
            return Ok(true);
        }
    }
    Ok(false)
}

fn runtime(message: impl Into<String>) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(Dynamic::from(message.into()), Position::NONE))
}

/// Parses `YYYY-MM-DD` without allocating; anything else goes through
/// [`fazhi_core::parse_date`] for its explanation, thrown as a map under [`BAD_DATE`] so that
/// the review can place a date of the dossier in the dossier.
fn parse(text: &str) -> Result<NaiveDate> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes[range].iter().try_fold(0u32, |value, b| b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0')))
    };
    if bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-' {
        if let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) {
            if let Some(date) = NaiveDate::from_ymd_opt(year as i32, month, day) {
                return Ok(date);
            }
        }
    }
    fazhi_core::parse_date(text).map_err(|message| {
        let mut map = Map::new();
        map.insert(BAD_DATE.into(), Dynamic::from(text.to_string()));
        map.insert("message".into(), Dynamic::from(message));
        Box::new(EvalAltResult::ErrorRuntime(Dynamic::from_map(map), Position::NONE))
    })
}

/// Whether the dossier's `stage` is `step` or later, in its kind's order.
fn reached(dossier: &Dynamic, step: &str) -> Result<bool> {
    if let Some((order, at)) = STAGE.get() {
        if let Some(step_at) = order.iter().position(|known| *known == step) {
            return Ok(at >= step_at);
        }
    }
    let text = |key: &str| lookup(dossier, key).and_then(|value| value.into_immutable_string().ok());
    let kind = text("kind").unwrap_or_default();
    let order = crate::schema::stages(&kind)
        .ok_or_else(|| runtime(format!("reached(): dossiers of kind \"{kind}\" have no stages")))?;
    let position = |stage: &str| {
        order.iter().position(|known| *known == stage).ok_or_else(|| {
            runtime(format!("reached(): \"{stage}\" is not a stage of {kind} (stages: {})", order.join(", ")))
        })
    };
    let stage = text("stage").ok_or_else(|| runtime("reached(): the dossier has no stage"))?;
    let at = position(&stage)?;
    STAGE.set(Some((order, at)));
    Ok(at >= position(step)?)
}

fn with_calendar<T>(f: impl FnOnce(&Calendar) -> std::result::Result<T, CalendarError>) -> Result<T> {
    if !CALENDAR.is_set() {
        return Err(runtime("the working-day calendar is only available while a dossier is reviewed"));
    }
    CALENDAR.with(|calendar| {
        f(calendar).map_err(|err| {
            let CalendarError::UnknownYear { date, .. } = &err;
            let mut map = Map::new();
            map.insert(OUTSIDE_CALENDAR.into(), Dynamic::from(date.to_string()));
            map.insert("message".into(), Dynamic::from(err.to_string()));
            Box::new(EvalAltResult::ErrorRuntime(Dynamic::from_map(map), Position::NONE))
        })
    })
}

fn get_or(path: &str, default: Dynamic) -> Result<Dynamic> {
    with_dossier(|dossier| {
        visit(dossier, path, |value| value.filter(|value| !value.is_unit()).map_or(default, Dynamic::clone))
    })
}

fn with_dossier<T>(f: impl FnOnce(&Dynamic) -> T) -> Result<T> {
    if !DOSSIER.is_set() {
        return Err(runtime("the dossier is only available while a dossier is reviewed"));
    }
    Ok(DOSSIER.with(f))
}

/// Whether a value counts as given: not `()` and not a blank string.
fn is_present(value: &Dynamic) -> bool {
    if value.is_unit() {
        return false;
    }
    match value.as_immutable_string_ref() {
        Ok(text) => !text.trim().is_empty(),
        Err(_) => true,
    }
}

/// The value at a dotted path such as `hearing.date` or `officers[1].expires` (also
/// `officers.1.expires`), cloned; `None` when any step is missing.
pub(crate) fn lookup(root: &Dynamic, path: &str) -> Option<Dynamic> {
    visit(root, path, |value| value.cloned())
}

/// Calls `f` with the value at a dotted path (as [`lookup`] reads it) in place, or with `None`
/// when any step is missing.
fn visit<T>(root: &Dynamic, path: &str, f: impl FnOnce(Option<&Dynamic>) -> T) -> T {
    if path.is_empty() {
        return f(Some(root));
    }
    let (step, rest) = match path.bytes().position(|b| b == b'.' || b == b'[') {
        Some(0) if path.starts_with('[') => {
            let Some(close) = path.find(']') else { return f(None) };
            let rest = path[close + 1..].strip_prefix('.').unwrap_or(&path[close + 1..]);
            return visit_index(root, &path[1..close], rest, f);
        }
        Some(at) if path.as_bytes()[at] == b'[' => (&path[..at], &path[at..]),
        Some(at) => (&path[..at], &path[at + 1..]),
        None => (path, ""),
    };
    if let Ok(map) = root.as_map_ref() {
        return match map.get(step) {
            Some(value) => visit(value, rest, f),
            None => f(None),
        };
    }
    visit_index(root, step, rest, f)
}

fn visit_index<T>(root: &Dynamic, step: &str, rest: &str, f: impl FnOnce(Option<&Dynamic>) -> T) -> T {
    let Ok(array) = root.as_array_ref() else { return f(None) };
    match step.trim().parse::<usize>().ok().and_then(|at| array.get(at)) {
        Some(value) => visit(value, rest, f),
        None => f(None),
    }
}

fn current_rule() -> ImmutableString {
    RULE.with(|rule| rule.borrow().clone())
}

fn finding(
    rule: ImmutableString,
    severity: Severity,
    message: ImmutableString,
    basis: ImmutableString,
    field: Option<ImmutableString>,
) -> Result<Map> {
    if message.trim().is_empty() {
        return Err(runtime("a finding needs a message"));
    }
    let mut map = Map::new();
    map.insert("rule".into(), Dynamic::from(rule));
    map.insert("severity".into(), Dynamic::from(severity.as_str()));
    map.insert("message".into(), Dynamic::from(message));
    map.insert("basis".into(), Dynamic::from(basis));
    map.insert("field".into(), field.filter(|field| !field.is_empty()).map_or(Dynamic::UNIT, Dynamic::from));
    Ok(map)
}

fn check_finding_map(map: Map) -> Result<Map> {
    crate::pack::collect::finding_from_map(&map, "").map_err(runtime)?;
    Ok(map)
}

/// `1200000` → `1200000元`, `12.5` → `12.50元`.
fn money(amount: f64) -> String {
    if amount.fract() == 0.0 && amount.abs() < 1e15 {
        format!("{}元", amount as i64)
    } else {
        format!("{amount:.2}元")
    }
}
