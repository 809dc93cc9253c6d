//! The ledger functions of report scripts (`docs/report.md`): `count`, `sum`, `distinct`,
//! `group_count` and `percent`, returning [`Figure`]s. The ledger and the year of the report in
//! progress are reached through a thread-local set by [`with_report`].

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use fazhi_core::{FieldType, LedgerKind};
use rhai::{Dynamic, Engine, EvalAltResult, Map, Position, INT};

use crate::{Aggregate, Figure, FigureQuery, FigureUnit, LedgerSource, QueryCondition};

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// What the ledger functions work on while a report script runs.
pub(crate) struct ReportContext {
    pub(crate) ledger: Rc<dyn LedgerSource>,
    pub(crate) year: i32,
    pub(crate) kinds: Arc<Vec<LedgerKind>>,
}

thread_local! {
    static REPORT: RefCell<Option<ReportContext>> = const { RefCell::new(None) };
}

/// Runs `f` with `context` visible to the ledger functions.
pub(crate) fn with_report<R>(context: ReportContext, f: impl FnOnce() -> R) -> R {
    let previous = REPORT.with(|report| report.replace(Some(context)));
    let result = f();
    REPORT.with(|report| report.replace(previous));
    result
}

/// Registers the `Figure` type and the ledger functions.
pub(crate) fn register(engine: &mut Engine) {
    engine.register_type_with_name::<Figure>("Figure");
    engine.register_fn("to_string", |figure: &mut Figure| figure.to_string());
    engine.register_fn("to_debug", |figure: &mut Figure| format!("Figure({figure})"));
    engine.register_get("value", |figure: &mut Figure| value_of(figure));

    engine.register_fn("count", |kind: &str| aggregate(kind, None, Aggregate::Count));
    engine.register_fn("count", |kind: &str, filter: Map| aggregate(kind, Some(filter), Aggregate::Count));
    engine.register_fn("sum", |kind: &str, field: &str| aggregate(kind, None, Aggregate::Sum(field.to_string())));
    engine.register_fn("sum", |kind: &str, field: &str, filter: Map| {
        aggregate(kind, Some(filter), Aggregate::Sum(field.to_string()))
    });
    engine.register_fn("distinct", |kind: &str, field: &str| {
        aggregate(kind, None, Aggregate::Distinct(field.to_string()))
    });
    engine.register_fn("distinct", |kind: &str, field: &str, filter: Map| {
        aggregate(kind, Some(filter), Aggregate::Distinct(field.to_string()))
    });
    engine.register_fn("group_count", |kind: &str, field: &str| group_count(kind, field, None));
    engine.register_fn("group_count", |kind: &str, field: &str, filter: Map| group_count(kind, field, Some(filter)));
    engine.register_fn("percent", |part: Dynamic, whole: Dynamic| -> Result<Figure> {
        let (part, whole) = (number("percent", &part)?, number("percent", &whole)?);
        Figure::rate(part, whole).ok_or_else(|| runtime(format!("percent({part}, {whole}): the whole is 0")))
    });
}

fn value_of(figure: &Figure) -> Dynamic {
    if figure.unit == FigureUnit::Integer && figure.value.abs() < 9.0e15 {
        Dynamic::from_int(figure.value as INT)
    } else {
        Dynamic::from_float(figure.value)
    }
}

fn number(function: &str, value: &Dynamic) -> Result<f64> {
    if let Some(figure) = value.clone().try_cast::<Figure>() {
        return Ok(figure.value);
    }
    if let Ok(integer) = value.as_int() {
        return Ok(integer as f64);
    }
    value
        .as_float()
        .map_err(|_| runtime(format!("{function}: expected a figure or a number, got {}", value.type_name())))
}

fn runtime(message: impl Into<String>) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(Dynamic::from(message.into()), Position::NONE))
}

fn with_context<T>(f: impl FnOnce(&ReportContext) -> Result<T>) -> Result<T> {
    REPORT.with(|report| match report.borrow().as_ref() {
        Some(context) => f(context),
        None => Err(runtime("the ledger is only available to report scripts")),
    })
}

fn kind<'a>(context: &'a ReportContext, id: &str) -> Result<&'a LedgerKind> {
    context.kinds.iter().find(|kind| kind.id == id).ok_or_else(|| {
        let known: Vec<&str> = context.kinds.iter().map(|kind| kind.id.as_str()).collect();
        runtime(format!("unknown ledger kind \"{id}\" (kinds: {})", known.join(", ")))
    })
}

fn field<'a>(kind: &'a LedgerKind, id: &str, types: &[FieldType]) -> Result<&'a fazhi_core::LedgerField> {
    let field = kind.field(id).ok_or_else(|| {
        let known: Vec<&str> = kind.fields.iter().map(|field| field.id.as_str()).collect();
        runtime(format!("ledger kind \"{}\" has no field \"{id}\" (fields: {})", kind.id, known.join(", ")))
    })?;
    if !types.is_empty() && !types.contains(&field.field_type) {
        let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
        return Err(runtime(format!(
            "field \"{id}\" of \"{}\" is {}; this needs {}",
            kind.id,
            field.field_type,
            names.join(" or ")
        )));
    }
    Ok(field)
}

/// The conditions of a filter map, checked against the kind.
fn conditions(kind: &LedgerKind, filter: Option<Map>) -> Result<Vec<QueryCondition>> {
    let mut out = Vec::new();
    for (name, wanted) in filter.unwrap_or_default() {
        let field = field(kind, &name, &[])?;
        let wanted = match wanted.clone().into_array() {
            Ok(array) => array,
            Err(_) => vec![wanted],
        };
        let mut values = Vec::new();
        for value in wanted {
            let json = if value.is_string() {
                let text = value.into_string().unwrap_or_default();
                if !field.values.is_empty() && !field.values.contains(&text) {
                    return Err(runtime(format!(
                        "\"{text}\" is not a value of field \"{name}\" of \"{}\" ({})",
                        kind.id,
                        field.values.join("、")
                    )));
                }
                serde_json::Value::String(text)
            } else if let Ok(flag) = value.as_bool() {
                serde_json::Value::Bool(flag)
            } else if let Ok(integer) = value.as_int() {
                serde_json::Value::from(integer)
            } else if let Ok(float) = value.as_float() {
                serde_json::Value::from(float)
            } else {
                return Err(runtime(format!("filter on \"{name}\": {} is not a value", value.type_name())));
            };
            values.push(json);
        }
        out.push(QueryCondition::any_of(&name, values, field.field_type == FieldType::Tags));
    }
    Ok(out)
}

fn aggregate(kind_id: &str, filter: Option<Map>, aggregate: Aggregate) -> Result<Figure> {
    with_context(|context| {
        let kind = kind(context, kind_id)?;
        let unit = match &aggregate {
            Aggregate::Count => FigureUnit::Integer,
            Aggregate::Distinct(name) => {
                field(kind, name, &[])?;
                FigureUnit::Integer
            }
            Aggregate::Sum(name) => match field(kind, name, &[FieldType::Integer, FieldType::Number])?.field_type {
                FieldType::Integer => FigureUnit::Integer,
                _ => FigureUnit::Number,
            },
        };
        let query =
            FigureQuery { kind: kind.id.clone(), conditions: conditions(kind, filter)?, aggregate, every_year: false };
        let value =
            crate::sandbox::off_the_clock(|| context.ledger.aggregate(context.year, &query)).map_err(runtime)?;
        let unit = if unit == FigureUnit::Number && value.fract() == 0.0 { FigureUnit::Integer } else { unit };
        Ok(Figure { value, unit, query: Some(query), rate_of: None })
    })
}

fn group_count(kind_id: &str, field_id: &str, filter: Option<Map>) -> Result<Map> {
    with_context(|context| {
        let kind = kind(context, kind_id)?;
        let tags = field(kind, field_id, &[])?.field_type == FieldType::Tags;
        let base = FigureQuery {
            kind: kind.id.clone(),
            conditions: conditions(kind, filter)?,
            aggregate: Aggregate::Count,
            every_year: false,
        };
        let groups = crate::sandbox::off_the_clock(|| context.ledger.groups(context.year, &base, field_id, tags))
            .map_err(runtime)?;
        let mut map = Map::new();
        for (value, count) in groups {
            let mut query = base.clone();
            query.conditions.push(QueryCondition::any_of(
                field_id,
                vec![serde_json::Value::String(value.clone())],
                tags,
            ));
            let figure = Figure { value: count as f64, unit: FigureUnit::Integer, query: Some(query), rate_of: None };
            map.insert(value.into(), Dynamic::from(figure));
        }
        Ok(map)
    })
}
