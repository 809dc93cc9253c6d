//! Chinese names for the synthetic organisation: towns, offices, people, duty titles.

use crate::Random;

/// Surnames with their pinyin (for ASCII person ids).
pub const SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("马", "ma"),
    ("丁", "ding"),
    ("海", "hai"),
    ("纳", "na"),
    ("苏", "su"),
    ("金", "jin"),
    ("虎", "hu"),
    ("何", "he"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("赵", "zhao"),
    ("黄", "huang"),
    ("田", "tian"),
    ("罗", "luo"),
    ("郭", "guo"),
    ("高", "gao"),
    ("白", "bai"),
    ("冯", "feng"),
];

/// Given names with their pinyin.
pub const GIVEN_NAMES: &[(&str, &str)] = &[
    ("军", "jun"),
    ("华", "hua"),
    ("伟", "wei"),
    ("明", "ming"),
    ("燕", "yan"),
    ("丽", "li"),
    ("静", "jing"),
    ("红", "hong"),
    ("涛", "tao"),
    ("鹏", "peng"),
    ("小龙", "xiaolong"),
    ("斌", "bin"),
    ("文", "wen"),
    ("平", "ping"),
    ("兰", "lan"),
    ("芳", "fang"),
    ("福", "fu"),
    ("山", "shan"),
    ("龙", "long"),
    ("贵", "gui"),
    ("建国", "jianguo"),
    ("志刚", "zhigang"),
    ("秀英", "xiuying"),
    ("海燕", "haiyan"),
    ("玉梅", "yumei"),
    ("德明", "deming"),
    ("晓东", "xiaodong"),
    ("婷", "ting"),
    ("林", "lin"),
    ("帆", "fan"),
];

const TOWN_FIRST: &[&str] =
    &["王", "东", "石", "羊", "北", "红", "新", "清", "河", "兴", "张", "李", "高", "马", "白", "黄"];
const TOWN_SECOND: &[&str] = &["团", "沟", "岔", "路", "庄", "台", "集", "湾", "堡", "川", "家", "滩", "泉", "坪"];

/// The name of the `index`-th town (乡镇), unique for every index.
pub fn town(index: usize) -> String {
    let combos = TOWN_FIRST.len() * TOWN_SECOND.len();
    let base = format!(
        "{}{}",
        TOWN_FIRST[index % TOWN_FIRST.len()],
        TOWN_SECOND[(index / TOWN_FIRST.len()) % TOWN_SECOND.len()]
    );
    let suffix = if index % 3 == 2 { "乡" } else { "镇" };
    match index / combos {
        0 => format!("{base}{suffix}"),
        round => format!("{base}{}{suffix}", chinese_number(round + 1)),
    }
}

/// A small number in Chinese (1–99).
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n % 10] }),
        _ => format!("{}十{}", DIGITS[(n / 10) % 10], if n.is_multiple_of(10) { "" } else { DIGITS[n % 10] }),
    }
}

/// The offices (责任单位) every town has: id suffix, name, the roles of the leader.
pub const OFFICES: &[(&str, &str, &[&str])] = &[
    ("dangwei", "党委", &["党委书记"]),
    ("zhengfu", "人民政府", &["镇长"]),
    ("dangzhengban", "党政办", &["党政办主任", "信息公开专干"]),
    ("sifasuo", "司法所", &["司法所所长"]),
    ("zhifa_ban", "综合执法办公室", &["综合执法办公室主任", "法制审核员"]),
    ("zongzhi", "综治中心", &["案卷管理员"]),
    ("minsheng", "民生服务大厅", &[]),
    ("guwen", "法律顾问室", &["镇法律顾问", "法律顾问"]),
];

/// Duty titles by module (a duty's title is a town's name plus one of them).
pub const TITLES: &[(&str, &[&str])] = &[
    (
        "leadership",
        &[
            "党委会议会前学法",
            "党委理论学习中心组集体学法",
            "主要负责人带头讲法",
            "组织领导干部旁听庭审",
            "镇村干部学法考试",
            "举办镇村干部法治培训班",
            "梳理法治政府建设任务清单",
            "述法工作",
        ],
    ),
    (
        "decision",
        &["重大行政决策事项目录公布", "重大行政决策合法性审查", "规范性文件备案审查", "重大决策社会稳定风险评估"],
    ),
    ("contract", &["重大合同合法性审查", "合同台账清理", "重要协议履约情况检查"]),
    ("disclosure", &["政府信息主动公开", "依申请公开办理情况统计", "政务公开栏更新", "政府信息公开工作年度报告"]),
    (
        "enforcement",
        &["综合执法人员集中学习", "行政执法案卷评查", "行政执法公示信息更新", "禁牧封育巡查", "执法证件年审"],
    ),
    (
        "publicity",
        &["宪法宣传周活动", "民法典进村入户宣传", "法治文化阵地建设", "“法律明白人”培训", "学法用法示范户评选"],
    ),
    ("disputes", &["矛盾纠纷排查化解", "信访联席会议", "12345工单办理督办", "人民调解员培训"]),
    ("study", &["国家工作人员学法考法", "新法速递学习", "法治专题讲座"]),
    ("legal_adviser", &["法律顾问进村宣讲", "法律顾问合法性审查意见汇总", "村法律顾问履职考核"]),
];

/// A person's name and an id stem in pinyin.
pub fn person(random: &mut Random) -> (String, String) {
    let (surname, surname_py) = random.pick(SURNAMES);
    let (given, given_py) = random.pick(GIVEN_NAMES);
    (format!("{surname}{given}"), format!("{surname_py}_{given_py}"))
}
