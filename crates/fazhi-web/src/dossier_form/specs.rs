//! The four dossier kinds of the stock rules, field by field as docs/dossiers.md has them.

use super::form_field::field;
use super::form_group::{group, list};
use super::Input::{Check, Choice, Date, LongText, Number, Several, Text, YesNo};
use super::{DossierForm, FormField, FormGroup};

/// The forms, in the order the page offers them.
pub static FORMS: &[DossierForm] = &[
    DossierForm { kind: "major_decision", label: "重大行政决策", groups: DECISION },
    DossierForm { kind: "major_contract", label: "重大合同、重要协议", groups: CONTRACT },
    DossierForm { kind: "major_enforcement_decision", label: "行政处罚决定", groups: ENFORCEMENT },
    DossierForm { kind: "disclosure_request", label: "政府信息公开申请", groups: DISCLOSURE },
];

const ADVISER: &[FormField] = &[
    field("adviser", "法律顾问（公职律师）", Text),
    field("date", "出具日期", Date),
    field("opinion", "意见", LongText),
];

static DECISION: &[FormGroup] = &[
    group(
        "",
        "基本情况",
        true,
        &[
            field("id", "编号", Text),
            field("title", "决策事项名称", Text),
            field(
                "stage",
                "所处阶段",
                Choice(&[
                    ("draft", "草案（提交讨论前）"),
                    ("decided", "已作出决定"),
                    ("published", "已公布"),
                    ("archived", "已归档"),
                ]),
            ),
            field("unit", "决策承办单位", Text),
            field("touches_market", "涉及市场主体经济活动", Check),
            field("not_public_reason", "依法不予公开的理由（如有）", Text),
        ],
    ),
    group(
        "public_comment",
        "公众参与（向社会公开征求意见）",
        false,
        &[
            field("opened", "征求意见开始日期", Date),
            field("closed", "征求意见截止日期", Date),
            field("channel", "征求意见渠道", Text),
            field("urgent_reason", "期限少于30日的紧急理由", Text),
        ],
    ),
    group(
        "hearing",
        "听证",
        false,
        &[
            field("held", "已举行听证", Check),
            field("materials_sent", "材料送达听证参加人日期", Date),
            field("date", "听证日期", Date),
        ],
    ),
    group(
        "opinions",
        "意见汇总与采纳",
        false,
        &[field("summary", "意见汇总", LongText), field("adoption_recorded", "已记录采纳情况及理由", Check)],
    ),
    group("expert_argumentation", "专家论证", true, &[field("required", "属专业性、技术性较强的事项", Check)]),
    list(
        "expert_argumentation.experts",
        "论证专家",
        3,
        &[field("name", "专家姓名", Text), field("signed", "已签字", Check)],
    ),
    group(
        "risk_assessment",
        "风险评估",
        true,
        &[
            field("required", "可能影响社会稳定、公共安全", Check),
            field("report", "风险评估报告", Text),
            field("level", "风险等级", Choice(&[("controllable", "可控"), ("uncontrollable", "不可控")])),
            field("draft_adjusted", "已据评估调整草案", YesNo),
        ],
    ),
    group(
        "legality_review",
        "合法性审查",
        false,
        &[
            field("sent", "送审日期", Date),
            field("answered", "出具审查意见日期", Date),
            field(
                "conclusion",
                "审查结论",
                Choice(&[("lawful", "合法"), ("revise", "修改后合法"), ("unlawful", "不合法")]),
            ),
            field("short_time_reason", "审查时间少于7个工作日的理由", Text),
            field("exploratory_reform_risk", "探索性改革事项的法律风险说明", Text),
        ],
    ),
    group("legal_adviser_opinion", "法律顾问意见", false, ADVISER),
    group(
        "fair_competition_review",
        "公平竞争审查",
        false,
        &[field("date", "审查日期", Date), field("conclusion", "审查结论", Text)],
    ),
    group(
        "meeting",
        "集体讨论决定",
        false,
        &[
            field(
                "kind",
                "会议",
                Choice(&[
                    ("executive", "政府常务会议"),
                    ("plenary", "政府全体会议"),
                    ("mayor_office", "镇长办公会议"),
                    ("joint_party_government", "党政联席会议"),
                    ("party_committee", "党委会议"),
                    ("other", "其他会议"),
                ]),
            ),
            field("date", "会议日期", Date),
            field("head_spoke_last", "行政首长最后发表意见", Check),
            field("majority_against", "决定与多数人意见不一致", Check),
            field("reasons", "不一致时说明的理由", Text),
            field("dissent_recorded", "会议记录载明不同意见", Check),
        ],
    ),
    group("party_committee_report", "向同级党委请示报告", false, &[field("date", "报告日期", Date)]),
    group(
        "publication",
        "决策公布",
        false,
        &[
            field(
                "channel",
                "公布渠道",
                Choice(&[
                    ("website", "政府网站"),
                    ("gazette", "政府公报"),
                    ("newspaper", "报纸"),
                    ("公开栏", "公开栏"),
                    ("微信公众号", "微信公众号"),
                ]),
            ),
            field("date", "公布日期", Date),
        ],
    ),
    group("archive", "立卷归档", false, &[field("date", "归档日期", Date), field("complete", "材料完整归档", Check)]),
];

static CONTRACT: &[FormGroup] = &[
    group(
        "",
        "基本情况",
        true,
        &[
            field("id", "合同编号", Text),
            field("title", "合同（协议）名称", Text),
            field("category", "类别", Choice(&[("contract", "合同"), ("agreement", "协议")])),
            field("stage", "所处阶段", Choice(&[("review", "审查中（签订前）"), ("signed", "已签订")])),
            field("amount", "金额（元，无则填0）", Number),
            field(
                "payment",
                "资金流向",
                Choice(&[("expenditure", "支出"), ("revenue", "收入"), ("none", "不涉及资金")]),
            ),
            field("dispute_clause", "争议解决条款", Text),
            field("budget_source", "资金来源（支出类）", Text),
            field("signing_date", "签订日期", Date),
        ],
    ),
    group(
        "counterparty",
        "合同相对方",
        true,
        &[
            field("name", "名称", Text),
            field("credit_code", "统一社会信用代码", Text),
            field("qualification_checked", "已审核主体资格和资质", Check),
            field("qualification", "资质情况", Text),
        ],
    ),
    group("legal_adviser_written_opinion", "法律顾问书面意见", false, ADVISER),
    group(
        "collective_decision",
        "集体决策（“三重一大”）",
        false,
        &[field("meeting", "会议", Text), field("date", "会议日期", Date)],
    ),
    group("term", "合同期限", false, &[field("from", "起始日期", Date), field("to", "终止日期", Date)]),
    group(
        "signatory",
        "签约人",
        false,
        &[
            field("name", "姓名", Text),
            field(
                "role",
                "身份",
                Choice(&[("legal_representative", "法定代表人"), ("authorized_agent", "委托代理人")]),
            ),
            field("authorization", "授权委托书", Text),
        ],
    ),
];

static ENFORCEMENT: &[FormGroup] = &[
    group(
        "",
        "基本情况",
        true,
        &[
            field("id", "案号", Text),
            field("title", "案由", Text),
            field(
                "stage",
                "所处阶段",
                Choice(&[("review", "审核中（作出决定前）"), ("decided", "已作出决定"), ("closed", "已结案")]),
            ),
            field("action_date", "调查取证日期", Date),
            field("filing_date", "立案日期", Date),
            field("decision_date", "处罚决定日期", Date),
            field("service_date", "送达日期", Date),
            field("publication_date", "公示日期", Date),
            field("social_impact", "具有一定社会影响", Check),
            field(
                "legal_review_triggers",
                "应当法制审核的情形",
                Several(&[
                    ("major_public_interest", "涉及重大公共利益"),
                    ("heard", "经过听证程序"),
                    ("complex", "案件情况疑难复杂"),
                    ("required_by_law", "法律规定应当审核"),
                ]),
            ),
        ],
    ),
    group(
        "party",
        "当事人",
        true,
        &[
            field("name", "名称（姓名）", Text),
            field("kind", "类型", Choice(&[("person", "自然人"), ("organisation", "法人或其他组织")])),
        ],
    ),
    list(
        "officers",
        "执法人员",
        3,
        &[field("name", "姓名", Text), field("certificate", "执法证号", Text), field("expires", "证件有效期至", Date)],
    ),
    group(
        "penalty",
        "处罚内容",
        true,
        &[
            field(
                "kinds",
                "处罚种类",
                Several(&[
                    ("warning", "警告"),
                    ("criticism", "通报批评"),
                    ("fine", "罚款"),
                    ("confiscation", "没收违法所得、非法财物"),
                    ("licence_suspension", "暂扣许可证件"),
                    ("qualification_downgrade", "降低资质等级"),
                    ("licence_revocation", "吊销许可证件"),
                    ("business_restriction", "限制开展生产经营活动"),
                    ("production_suspension", "责令停产停业"),
                    ("closure", "责令关闭"),
                    ("employment_restriction", "限制从业"),
                    ("detention", "行政拘留"),
                    ("other", "其他"),
                ]),
            ),
            field("fine_amount", "罚款金额（元）", Number),
            field("confiscation_value", "没收财物价值（元）", Number),
        ],
    ),
    group(
        "other_time_limit",
        "其他办案期限规定（第六十条另有规定）",
        false,
        &[field("basis", "依据（《…》第…条）", Text), field("days", "期限（日）", Number)],
    ),
    group(
        "advance_notice",
        "行政处罚事先告知",
        false,
        &[
            field("date", "告知日期", Date),
            field("content", "告知拟作出的处罚内容", Check),
            field("facts_reasons_basis", "告知事实、理由、依据", Check),
            field("rights", "告知陈述、申辩、要求听证的权利", Check),
            field("proposed_fine", "告知的拟罚款金额（元）", Number),
        ],
    ),
    group(
        "statement",
        "陈述、申辩（当事人未陈述的不填）",
        false,
        &[
            field("made_on", "陈述申辩日期", Date),
            field("waived", "当事人明确放弃", Check),
            field("reviewed", "已复核", Check),
            field("adopted", "理由成立并采纳", YesNo),
        ],
    ),
    group(
        "hearing",
        "听证",
        false,
        &[
            field("notified", "已告知听证权利", Check),
            field("notified_on", "告知日期", Date),
            field("requested_on", "当事人要求听证日期", Date),
            field("waived", "当事人放弃听证", YesNo),
            field("notice_date", "通知听证时间地点日期", Date),
            field("held_on", "举行听证日期", Date),
        ],
    ),
    group(
        "legal_review",
        "法制审核",
        false,
        &[
            field("reviewer", "审核人员", Text),
            field("date", "审核日期", Date),
            field(
                "conclusion",
                "审核意见",
                Choice(&[("approved", "同意"), ("revise", "修改"), ("rejected", "不同意")]),
            ),
        ],
    ),
    group(
        "service",
        "送达",
        false,
        &[
            field(
                "method",
                "送达方式",
                Choice(&[
                    ("on_the_spot", "宣告后当场交付"),
                    ("direct", "直接送达"),
                    ("left_at_residence", "留置送达"),
                    ("electronic", "电子送达"),
                    ("entrusted", "委托送达"),
                    ("post", "邮寄送达"),
                    ("transferred", "转交送达"),
                    ("public_notice", "公告送达"),
                ]),
            ),
            field("receipt", "送达回证（回执）在卷", Check),
            field("consent", "当事人同意并书面确认电子送达", Check),
            field("witnessed", "留置送达有见证人或拍照录像", Check),
            field("reason", "公告送达的理由", Text),
        ],
    ),
    group(
        "whole_process_record",
        "全过程记录",
        true,
        &[
            field("investigation", "调查取证", Check),
            field("decision", "审查决定", Check),
            field("service", "送达", Check),
            field("execution", "执行", Check),
            field("archived", "归档", Check),
        ],
    ),
];

static DISCLOSURE: &[FormGroup] = &[
    group(
        "",
        "基本情况",
        true,
        &[
            field("id", "申请编号", Text),
            field("title", "申请公开的内容", Text),
            field("stage", "所处阶段", Choice(&[("received", "办理中"), ("replied", "已答复")])),
            field(
                "via",
                "提交方式",
                Choice(&[("in_person", "当面提交"), ("post", "邮寄"), ("online", "互联网"), ("fax", "传真")]),
            ),
            field("received_on", "收到申请日期", Date),
        ],
    ),
    group(
        "applicant",
        "申请人",
        true,
        &[
            field("name", "姓名（名称）", Text),
            field("kind", "类型", Choice(&[("person", "公民"), ("organisation", "法人或其他组织")])),
        ],
    ),
    group(
        "correction",
        "补正",
        false,
        &[
            field("notified_on", "告知补正日期", Date),
            field("items", "需要补正的事项", Text),
            field("due", "补正期限", Date),
            field("corrected_on", "收到补正申请日期", Date),
        ],
    ),
    group(
        "third_party",
        "征求第三方意见",
        false,
        &[
            field("name", "第三方", Text),
            field("consulted_on", "书面征求意见日期", Date),
            field("replied_on", "第三方答复日期", Date),
        ],
    ),
    group(
        "extension",
        "延长答复期限",
        false,
        &[
            field("approved_by", "批准人（信息公开工作机构负责人）", Text),
            field("approved_on", "批准日期", Date),
            field("notified_on", "告知申请人日期", Date),
            field("days", "延长工作日数", Number),
        ],
    ),
    group(
        "reply",
        "答复",
        false,
        &[
            field("date", "答复日期", Date),
            field(
                "outcome",
                "答复结果",
                Choice(&[
                    ("already_public", "已主动公开"),
                    ("disclosed", "予以公开"),
                    ("partly_disclosed", "部分公开"),
                    ("not_disclosed", "不予公开"),
                    ("not_exist", "信息不存在"),
                    ("not_responsible", "非本机关负责公开"),
                    ("repeated", "重复申请"),
                    ("other_procedure", "按其他程序办理"),
                ]),
            ),
            field("reasons", "理由", LongText),
        ],
    ),
];
