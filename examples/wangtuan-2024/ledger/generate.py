#!/usr/bin/env python3
"""生成王团镇示例工作区的台账（ledger/*.csv）。

Writes the example's ledger CSVs (UTF-8, header row = the field labels of the kinds declared
in rules/*/module.ron), from which the report scripts compute the figures of 《王团镇2024年法治
政府建设工作报告》. The rows are made up (names, places, tickets), deterministic (fixed seed),
and consistent with org.ron and history/2024.ron where those say something: monthly 禁牧巡查
and 信息公开 counts, weekly 12345 dispatches, the quarterly 法律顾问 services, the 占道经营
campaign, the laws studied before 党委会议.

A few rows are dated in late 2023 or early 2025: they must not count in 2024.

Run from anywhere:  python3 examples/wangtuan-2024/ledger/generate.py
Standard library only. The script checks the 2024 figures at the end.
"""

import csv
import datetime as dt
import os
import random
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20241231)
D = dt.date


# ---------------------------------------------------------------------------------------------
# 日历：2024年国务院办公厅放假安排（含调休上班日）

HOLIDAYS = set()
for start, end in [
    (D(2024, 1, 1), D(2024, 1, 1)),
    (D(2024, 2, 10), D(2024, 2, 17)),
    (D(2024, 4, 4), D(2024, 4, 6)),
    (D(2024, 5, 1), D(2024, 5, 5)),
    (D(2024, 6, 10), D(2024, 6, 10)),
    (D(2024, 9, 15), D(2024, 9, 17)),
    (D(2024, 10, 1), D(2024, 10, 7)),
    (D(2025, 1, 1), D(2025, 1, 1)),
    (D(2025, 1, 28), D(2025, 2, 4)),
]:
    day = start
    while day <= end:
        HOLIDAYS.add(day)
        day += dt.timedelta(days=1)
MAKE_UP = {D(2024, 2, 4), D(2024, 2, 18), D(2024, 4, 7), D(2024, 4, 28), D(2024, 5, 11),
           D(2024, 9, 14), D(2024, 9, 29), D(2024, 10, 12), D(2025, 1, 26), D(2025, 2, 8)}


def working(day):
    return day in MAKE_UP or (day.weekday() < 5 and day not in HOLIDAYS)


def days(start, end, work=True):
    """The days from start to end (both included), only working days if `work`."""
    out, day = [], start
    while day <= end:
        if not work or working(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def month_end(year, month):
    return (D(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


def month_days(year, month, work=True):
    return days(D(year, month, 1), month_end(year, month), work)


def spread(pool, n):
    """n dates from pool, sorted (repeats allowed when n exceeds the pool)."""
    if n <= len(pool):
        return sorted(rng.sample(pool, n))
    return sorted(rng.choice(pool) for _ in range(n))


def iso(day):
    return day.isoformat() if day else ""


# ---------------------------------------------------------------------------------------------
# 村、单位、人名（村名、人名为虚构示例，与 org.ron 一致）

VILLAGES = ["王团村", "东沟村", "石岔村", "羊路村", "北庄村", "红台村"]
VILLAGE_WEIGHTS = [30, 16, 14, 14, 13, 13]

SURNAMES = (["马"] * 14 + ["杨"] * 6 + ["李"] * 5 + ["丁"] * 4 + ["海"] * 3 + ["纳"] * 3 + ["苏"] * 3
            + ["金"] * 2 + ["虎"] * 2 + ["田"] * 2 + ["白"] * 2 + ["王"] * 3 + ["张"] * 3 + ["周"]
            + ["刘"] * 2 + ["冯"] + ["何"] + ["黑"] + ["拜"] + ["哈"] + ["穆"] + ["锁"] + ["撒"] + ["罗"]
            + ["韩"] + ["兰"] + ["妥"])
GIVEN = list("福贵成明文武军军海山林平安宝强德义忠仁礼智勇刚华荣兰花梅英秀芳玲娟霞燕萍静丽红"
             "春夏秋冬玉金银生有才学俊杰龙虎鹏飞志国建新东西正彦宏斌涛波洋")

used_names = set()


def person(unique=True):
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2, 2])))
        if not unique or name not in used_names:
            used_names.add(name)
            return name


def village():
    return rng.choices(VILLAGES, VILLAGE_WEIGHTS)[0]


def write(kind, header, rows):
    path = os.path.join(HERE, f"{kind}.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        for row in rows:
            out.writerow(["" if cell is None else cell for cell in row])
    return rows


# Figures of 2024, checked at the end: kind -> list of (dict rows with a year).
LEDGER = {}


def keep(kind, header, rows, year_of):
    write(kind, header, [r[1] for r in rows])
    LEDGER[kind] = [(year_of(r[0]), r[0]) for r in rows]


# ---------------------------------------------------------------------------------------------
# study / study_session：党委会议、党委理论学习中心组会前学法

LAWS = {
    "党内法规": ["中国共产党章程", "中国共产党纪律处分条例", "中国共产党巡视工作条例",
             "中国共产党农村基层组织工作条例", "中国共产党农村工作条例", "中国共产党问责条例",
             "中国共产党党内监督条例", "中国共产党廉洁自律准则", "党政领导干部选拔任用工作条例",
             "中国共产党政法工作条例", "信访工作条例"],
    "国家法律": ["中华人民共和国宪法", "中华人民共和国爱国主义教育法", "中华人民共和国行政复议法",
             "中华人民共和国保守国家秘密法", "中华人民共和国民法典", "中华人民共和国安全生产法",
             "中华人民共和国乡村振兴促进法", "中华人民共和国草原法", "中华人民共和国行政处罚法",
             "中华人民共和国农村集体经济组织法", "中华人民共和国立法法", "中华人民共和国监察法",
             "中华人民共和国行政诉讼法", "中华人民共和国行政许可法", "中华人民共和国行政强制法",
             "中华人民共和国土地管理法", "中华人民共和国农村土地承包法", "中华人民共和国国家安全法",
             "中华人民共和国禁毒法", "中华人民共和国未成年人保护法", "中华人民共和国反电信网络诈骗法",
             "中华人民共和国村民委员会组织法", "中华人民共和国人民调解法",
             "中华人民共和国消费者权益保护法", "中华人民共和国法律援助法"],
    "行政法规": ["重大行政决策程序暂行条例", "中华人民共和国政府信息公开条例", "宗教事务条例",
             "保障农民工工资支付条例"],
    "地方性法规": ["宁夏回族自治区禁牧封育条例", "宁夏回族自治区法治宣传教育条例",
              "宁夏回族自治区安全生产条例"],
}
CATEGORY = {law: cat for cat, laws in LAWS.items() for law in laws}
PC, GROUP = "党委会议", "党委理论学习中心组学习"

# (date, meeting, [(law, note)]) — the history's monthly 会前学法 first, then the others.
STUDY = [
    (D(2024, 1, 25), PC, [("中国共产党纪律处分条例", "2023年修订")]),
    (D(2024, 2, 27), PC, [("中华人民共和国爱国主义教育法", "")]),
    (D(2024, 3, 27), PC, [("中华人民共和国行政复议法", "2023年修订")]),
    (D(2024, 4, 26), PC, [("中华人民共和国保守国家秘密法", "2024年修订")]),
    (D(2024, 5, 27), PC, [("中华人民共和国民法典", "婚姻家庭编")]),
    (D(2024, 6, 27), PC, [("中华人民共和国安全生产法", "")]),
    (D(2024, 7, 25), PC, [("中华人民共和国乡村振兴促进法", "")]),
    (D(2024, 8, 27), PC, [("中华人民共和国草原法", "禁牧封育相关条款")]),
    (D(2024, 9, 29), PC, [("信访工作条例", "")]),
    (D(2024, 10, 25), PC, [("中华人民共和国行政处罚法", "")]),
    (D(2024, 11, 27), PC, [("中华人民共和国宪法", "")]),
    (D(2024, 12, 26), PC, [("中华人民共和国农村集体经济组织法", "")]),
    (D(2024, 3, 22), GROUP, [("中华人民共和国立法法", "结合《习近平法治思想学习纲要》专题学习")]),
    (D(2024, 6, 21), GROUP, [("中华人民共和国宪法", "含宪法修正案")]),
    (D(2024, 9, 27), GROUP, [("中华人民共和国行政诉讼法", "结合党的二十届三中全会关于完善中国特色社会主义法治体系的部署")]),
    (D(2024, 12, 24), GROUP, [("中华人民共和国监察法", ""), ("中国共产党巡视工作条例", "")]),
    # 每月第二次党委会议及其他中心组学习
    (D(2024, 1, 10), PC, [("中国共产党章程", ""), ("宁夏回族自治区禁牧封育条例", "")]),
    (D(2024, 2, 6), PC, [("中国共产党廉洁自律准则", "")]),
    (D(2024, 3, 8), PC, [("中华人民共和国消费者权益保护法", "结合“3.15”宣传"), ("宗教事务条例", "")]),
    (D(2024, 4, 12), PC, [("中华人民共和国国家安全法", "全民国家安全教育日前学习")]),
    (D(2024, 5, 14), PC, [("中华人民共和国行政许可法", ""), ("中国共产党问责条例", "")]),
    (D(2024, 6, 12), PC, [("中华人民共和国禁毒法", "国际禁毒日前学习"), ("保障农民工工资支付条例", "")]),
    (D(2024, 7, 9), PC, [("中华人民共和国土地管理法", ""), ("中华人民共和国农村土地承包法", "")]),
    (D(2024, 8, 13), PC, [("中华人民共和国未成年人保护法", ""), ("中华人民共和国行政强制法", "")]),
    (D(2024, 9, 10), PC, [("中华人民共和国反电信网络诈骗法", ""), ("中华人民共和国法律援助法", "")]),
    (D(2024, 10, 15), PC, [("中华人民共和国村民委员会组织法", ""), ("中华人民共和国人民调解法", "")]),
    (D(2024, 11, 12), PC, [("重大行政决策程序暂行条例", ""), ("中华人民共和国政府信息公开条例", "")]),
    (D(2024, 12, 10), PC, [("宁夏回族自治区法治宣传教育条例", "国家宪法日后学习"),
                           ("宁夏回族自治区安全生产条例", "")]),
    (D(2024, 4, 19), GROUP, [("中国共产党农村基层组织工作条例", ""), ("中国共产党农村工作条例", "")]),
    (D(2024, 7, 19), GROUP, [("中国共产党党内监督条例", ""), ("中华人民共和国民法典", "合同编")]),
    (D(2024, 10, 18), GROUP, [("党政领导干部选拔任用工作条例", ""), ("中国共产党政法工作条例", "")]),
    (D(2024, 11, 22), GROUP, [("中国共产党纪律处分条例", "党纪学习教育总结")]),
    # 噪声：2023年12月、2025年1月
    (D(2023, 12, 26), PC, [("中华人民共和国爱国主义教育法", "")]),
    (D(2025, 1, 24), PC, [("中华人民共和国农村集体经济组织法", "")]),
]
LEADS = {PC: ["马军", "杨华", "丁伟", "苏明", "何平", "周琳"], GROUP: ["马军", "杨华", "海燕"]}


def study():
    rows = []
    numbers = Counter()
    for day, meeting, items in sorted(STUDY, key=lambda s: s[0]):
        numbers[(day.year, meeting)] += 1
        n = numbers[(day.year, meeting)] + (23 if day.year == 2023 else 0)
        session = (f"{day.year}年第{n}次党委会议" if meeting == PC
                   else f"{day.year}年党委理论学习中心组第{n}次集体学习")
        for law, note in items:
            assert law in CATEGORY, law
            lead = rng.choice(LEADS[meeting])
            rows.append(({"date": day, "meeting": meeting, "law": law},
                         [iso(day), meeting, session, law, CATEGORY[law], lead, note]))
    keep("study_session", ["学习日期", "会议类型", "会议名称", "法律法规名称", "类别", "领学人", "备注"],
         rows, lambda r: r["date"].year)


# ---------------------------------------------------------------------------------------------
# legal_adviser：法律顾问名册、法律顾问服务

FIRMS = ["宁夏清水河律师事务所", "宁夏豫海律师事务所", "宁夏韦州律师事务所", "同心县法律援助中心",
         "宁夏红城律师事务所"]


def legal_adviser():
    rows = [({"level": "镇", "year": 2024},
             [2024, "周琳", "镇", "", "全镇", "宁夏清水河律师事务所", "2024-01-01", "2024-12-31"])]
    names = ["吴婷", "高远"] + [person() for _ in range(18)]
    advisers = []
    # 20 名村法律顾问分片包村：每村3至4名，各联系若干村民小组
    per_village = [4, 4, 3, 3, 3, 3]
    i = 0
    for v, n in zip(VILLAGES, per_village):
        groups = n * 3
        for k in range(n):
            area = f"{v}{k * 3 + 1}—{min(k * 3 + 3, groups)}组"
            advisers.append((names[i], v))
            rows.append(({"level": "村", "year": 2024},
                          [2024, names[i], "村", v, area, rng.choice(FIRMS), "2024-01-01", "2024-12-31"]))
            i += 1
    # 2023年名册（上一年度，已到期）
    for name, v in advisers[:15]:
        rows.append(({"level": "村", "year": 2023},
                     [2023, name, "村", v, "", rng.choice(FIRMS), "2023-01-01", "2023-12-31"]))
    rows.append(({"level": "镇", "year": 2023},
                 [2023, "周琳", "镇", "", "全镇", "宁夏清水河律师事务所", "2023-01-01", "2023-12-31"]))
    keep("legal_adviser", ["年度", "姓名", "层级", "服务村", "服务范围", "所属机构", "聘期开始", "聘期结束"],
         rows, lambda r: r["year"])

    topics_talk = ["民法典婚姻家庭编", "农村土地承包经营权流转", "防范电信网络诈骗", "禁牧封育政策法规",
                   "农民工工资支付保障", "未成年人保护", "宅基地管理政策", "人民调解与诉讼", "赡养与继承",
                   "宪法宣传", "禁毒知识", "反家庭暴力法"]
    topics_ask = ["土地承包纠纷", "邻里宅基地边界", "劳务工资拖欠", "婚姻家庭", "借款合同", "交通事故赔偿",
                  "继承分家", "征地补偿", "养殖合同", "工伤认定"]
    service = []
    quarters = [(2024, 1, 22), (2024, 2, 27), (2024, 3, 26), (2024, 4, 31)]
    for year, q, n in quarters:
        pool = days(D(year, 3 * q - 2, 1), month_end(year, 3 * q))
        for day in spread(pool, n):
            name, v = rng.choice(advisers)
            if rng.random() < 0.45:
                form, topic, people = "进村法治宣讲", rng.choice(topics_talk), rng.randint(25, 90)
            else:
                form, topic, people = "解答法律咨询", rng.choice(topics_ask), rng.randint(1, 6)
            service.append(({"date": day, "form": form}, [iso(day), name, v, form, topic, people]))
    # 噪声：2023年12月、2025年2月
    for day in [D(2023, 12, 19), D(2023, 12, 27), D(2025, 2, 11), D(2025, 2, 12), D(2025, 2, 13), D(2025, 2, 14)]:
        name, v = rng.choice(advisers)
        service.append(({"date": day, "form": "进村法治宣讲"},
                        [iso(day), name, v, "进村法治宣讲", rng.choice(topics_talk), rng.randint(25, 80)]))
    service.sort(key=lambda r: r[0]["date"])
    keep("adviser_service", ["服务日期", "法律顾问", "村", "服务形式", "内容", "参与人数"],
         service, lambda r: r["date"].year)


# ---------------------------------------------------------------------------------------------
# disclosure：政府信息主动公开（月度数与 history/2024.ron 一致）

DISCLOSURE_MONTHS = {  # month: (政府网站, 微信公众号, 线下公示栏)
    1: (2, 13, 4), 2: (3, 12, 3), 3: (3, 17, 5), 4: (3, 16, 4), 5: (3, 16, 5), 6: (2, 15, 4),
    7: (3, 15, 4), 8: (3, 16, 4), 9: (3, 18, 5), 10: (3, 17, 5), 11: (3, 17, 4), 12: (3, 17, 5),
}

WEBSITE = [("财务", "王团镇{y}年{m}月财政资金收支情况公开"), ("项目", "王团镇{v}高标准农田建设项目公示"),
           ("项目", "王团镇{v}村内道路硬化工程招标结果公示"), ("民生政策", "王团镇{y}年城乡低保动态调整情况公示"),
           ("重要通告", "王团镇关于加强禁牧封育工作的通告"), ("财务", "王团镇{y}年部门预算公开"),
           ("民生政策", "王团镇{y}年耕地地力保护补贴发放情况公示"), ("项目", "{v}人居环境整治项目验收公示")]
WECHAT = [("工作动态", "王团镇召开{m}月份党委理论学习中心组学习会"), ("工作动态", "{v}开展人居环境整治“大扫除”"),
          ("民生政策", "城乡居民基本医疗保险参保缴费政策解读"), ("重要通告", "王团镇关于冬春季防火的通告"),
          ("工作动态", "王团镇开展禁牧封育专项巡查"), ("民生政策", "{y}年农村养老保险缴费标准公布"),
          ("工作动态", "{v}召开“四议两公开”村民代表会议"), ("重要通告", "关于开展占道经营集中整治的通告"),
          ("民生政策", "防返贫监测帮扶政策一问一答"), ("工作动态", "王团镇开展“法律明白人”培训"),
          ("工作动态", "王团镇开展安全生产隐患排查"), ("民生政策", "春季农资购买维权提示")]
BOARD = [("财务", "{v}{y}年{m}月村级财务收支公示"), ("民生政策", "{v}低保、特困供养对象公示"),
         ("项目", "{v}以工代赈项目公示"), ("重要通告", "王团镇行政处罚决定公示"),
         ("民生政策", "{v}“六个先锋”示范户评选结果公示"), ("财务", "王团镇惠民补贴发放公示")]
PUBLISHERS = {"政府网站": ["李静", "纳丽"], "微信公众号": ["李静"], "线下公示栏": ["马红", "纳丽"]}


def disclosure_rows(year, month, counts):
    rows = []
    pool = month_days(year, month)
    for channel, n, titles in zip(["政府网站", "微信公众号", "线下公示栏"], counts, [WEBSITE, WECHAT, BOARD]):
        for day in spread(pool, n):
            category, title = rng.choice(titles)
            title = title.format(y=year, m=month, v=village())
            rows.append(({"date": day, "channel": channel},
                         [iso(day), channel, title, category, rng.choice(PUBLISHERS[channel])]))
    return rows


def disclosure():
    rows = []
    rows += disclosure_rows(2023, 12, (1, 3, 1))
    for month, counts in DISCLOSURE_MONTHS.items():
        rows += disclosure_rows(2024, month, counts)
    rows += disclosure_rows(2025, 1, (2, 11, 3))
    rows.sort(key=lambda r: r[0]["date"])
    keep("disclosure", ["发布日期", "公开渠道", "标题", "信息类别", "发布人"], rows, lambda r: r["date"].year)


# ---------------------------------------------------------------------------------------------
# publicity：普法活动、法律明白人、“六个先锋”示范户

OFFLINE = [
    (D(2024, 1, 18), "“法治进乡村”年货集市普法宣传", "王团村集市", "综治中心", 300),
    (D(2024, 3, 8), "“三八”妇女节反家庭暴力法宣传", "王团村", "司法所", 120),
    (D(2024, 3, 15), "“3.15国际消费者权益日”宣传", "王团村集市", "综治中心", 600),
    (D(2024, 4, 15), "“国家安全教育日”宣传进校园", "王团中学", "综治中心", 450),
    (D(2024, 4, 26), "防范电信网络诈骗宣传", "东沟村", "派出所", 85),
    (D(2024, 5, 21), "民法典宣传月专题讲座", "北庄村", "司法所", 70),
    (D(2024, 5, 30), "禁牧封育政策法规宣传", "羊路村", "综合执法队", 60),
    (D(2024, 6, 14), "安全生产月法治宣传", "王团村", "综合执法办公室", 90),
    (D(2024, 6, 26), "“6.26国际禁毒日”禁毒宣传", "王团村集市", "禁毒办", 400),
    (D(2024, 7, 11), "防汛避险及应急管理法规宣传", "红台村", "综治中心", 55),
    (D(2024, 7, 24), "农民工工资支付法规宣传", "石岔村", "司法所", 65),
    (D(2024, 8, 15), "未成年人暑期安全法治宣传", "东沟村", "派出所", 80),
    (D(2024, 8, 29), "送戏下乡法治文艺专场演出", "石岔村", "综治中心", 350),
    (D(2024, 9, 2), "“开学第一课，法治进校园”", "王团中心小学", "司法所", 520),
    (D(2024, 9, 3), "“开学第一课，法治进校园”", "王团中学", "派出所", 610),
    (D(2024, 9, 4), "“开学第一课，法治进校园”", "东沟小学", "司法所", 180),
    (D(2024, 9, 20), "送戏下乡法治文艺专场演出", "北庄村", "综治中心", 280),
    (D(2024, 10, 17), "扫黑除恶常态化宣传", "羊路村", "派出所", 75),
    (D(2024, 10, 29), "禁毒法律知识进村入户", "红台村", "禁毒办", 60),
    (D(2024, 11, 9), "“119”消防宣传日安全法规宣传", "王团村", "综合执法队", 150),
    (D(2024, 11, 20), "法律服务队进村普法", "北庄村", "法律服务队", 70),
    (D(2024, 12, 4), "国家宪法日宪法宣传及宪法宣誓", "镇区", "司法所", 500),
    (D(2024, 12, 17), "“法治进乡村”冬季普法巡回宣讲", "王团村", "综治中心", 110),
    # 噪声
    (D(2023, 12, 4), "国家宪法日宪法宣传", "镇区", "司法所", 420),
]
ONLINE_TITLES = ["以案说法：邻里纠纷如何调解", "《中华人民共和国民法典》婚姻家庭编要点", "防范电信网络诈骗十个提示",
                 "禁牧封育条例问答", "农民工讨薪的法律途径", "《中华人民共和国行政复议法》修订要点",
                 "未成年人保护法知识问答", "土地承包经营权流转注意事项", "宪法小知识", "禁毒法律常识",
                 "安全生产法要点解读", "消费者维权指南", "法律援助申请指南", "《信访工作条例》解读",
                 "遗嘱与继承常见问题", "《中华人民共和国保守国家秘密法》修订要点", "宅基地使用权常见问题",
                 "交通事故处理流程", "校园欺凌的法律责任", "高额彩礼的法律风险"]
ONLINE_QUARTERS = {1: 7, 2: 8, 3: 9, 4: 9}


def publicity():
    rows = []
    for day, title, place, organiser, people in OFFLINE:
        rows.append(({"date": day, "form": "线下"}, [iso(day), "线下", title, place, organiser, people]))
    titles = ONLINE_TITLES * 3
    k = 0
    online_days = []
    for q, n in ONLINE_QUARTERS.items():
        online_days += spread(days(D(2024, 3 * q - 2, 1), month_end(2024, 3 * q)), n)
    online_days += [D(2025, 1, 21), D(2025, 1, 23), D(2025, 1, 24)]
    for day in online_days:
        place = rng.choice(["“同心县王团镇”微信公众号", "村级微信群", "“同心县王团镇”微信公众号"])
        rows.append(({"date": day, "form": "线上"}, [iso(day), "线上", titles[k], place, "党政办", None]))
        k += 1
    rows.sort(key=lambda r: r[0]["date"])
    keep("publicity_event", ["活动日期", "形式", "活动名称", "地点或平台", "组织单位", "参与人数"],
         rows, lambda r: r["date"].year)

    # 法律明白人159人，其中法律明白骨干96人（history/2024.ron）
    literate = []
    backbone = set(rng.sample(range(159), 96))
    for i in range(159):
        v = VILLAGES[i % 6]
        role = rng.choice(["村干部", "网格员", "人民调解员", "村民小组长", "党员", "致富带头人", "教师"])
        literate.append(({"year": 2024, "backbone": i in backbone},
                         [2024, person(), v, role, "是" if i in backbone else "否", iso(D(2024, 10, 30))]))
    keep("legal_literate", ["年度", "姓名", "村", "身份", "法律明白骨干", "认定日期"], literate,
         lambda r: r["year"])

    # “六个先锋”示范户709户：各类户数固定，一户可兼评多类
    cats = ["勤劳致富户", "美丽庭院户", "睦邻和谐户", "崇文重教户", "遵纪守法户", "移风易俗户"]
    counts = [405, 348, 419, 168, 534, 172]
    n = 709
    tags = [set() for _ in range(n)]
    for cat, c in zip(cats, counts):
        for i in rng.sample(range(n), c):
            tags[i].add(cat)
    # 每户至少一类：从兼评多类的户移一类给未评上的户
    for i in range(n):
        while not tags[i]:
            j = rng.randrange(n)
            if len(tags[j]) >= 2:
                cat = rng.choice(sorted(tags[j]))
                tags[j].discard(cat)
                tags[i].add(cat)
    households = []
    for i in range(n):
        v = village()
        listed = "、".join(c for c in cats if c in tags[i])
        households.append(({"year": 2024, "tags": tags[i]},
                           [2024, person(unique=False), v, f"{v}{rng.randint(1, 12)}组", listed]))
    keep("model_household", ["年度", "户主", "村", "村民小组", "示范类别"], households, lambda r: r["year"])


# ---------------------------------------------------------------------------------------------
# disputes：综治中心分类登记、12345工单、信访、矛盾纠纷

# 周一联席会议（history/2024.ron）交办的12345工单数：会议日期 -> 件数
WEEKLY_TICKETS = [
    (D(2024, 1, 2), 15), (D(2024, 1, 8), 11), (D(2024, 1, 15), 13), (D(2024, 1, 22), 12), (D(2024, 1, 29), 15),
    (D(2024, 2, 5), 13), (D(2024, 2, 19), 17), (D(2024, 2, 26), 11), (D(2024, 3, 4), 16), (D(2024, 3, 11), 14),
    (D(2024, 3, 18), 15), (D(2024, 3, 25), 17), (D(2024, 4, 1), 12), (D(2024, 4, 8), 13), (D(2024, 4, 15), 16),
    (D(2024, 4, 22), 14), (D(2024, 4, 29), 17), (D(2024, 5, 6), 10), (D(2024, 5, 13), 12), (D(2024, 5, 20), 16),
    (D(2024, 5, 27), 11), (D(2024, 6, 3), 16), (D(2024, 6, 11), 12), (D(2024, 6, 17), 15), (D(2024, 6, 24), 9),
    (D(2024, 7, 1), 14), (D(2024, 7, 8), 15), (D(2024, 7, 15), 16), (D(2024, 7, 22), 9), (D(2024, 7, 29), 11),
    (D(2024, 8, 5), 14), (D(2024, 8, 12), 15), (D(2024, 8, 19), 14), (D(2024, 8, 26), 14), (D(2024, 9, 2), 12),
    (D(2024, 9, 9), 13), (D(2024, 9, 18), 15), (D(2024, 9, 23), 15), (D(2024, 9, 30), 14), (D(2024, 10, 14), 12),
    (D(2024, 10, 21), 15), (D(2024, 10, 28), 12), (D(2024, 11, 4), 11), (D(2024, 11, 11), 9), (D(2024, 11, 18), 12),
    (D(2024, 11, 25), 9), (D(2024, 12, 2), 13), (D(2024, 12, 9), 17), (D(2024, 12, 16), 14), (D(2024, 12, 23), 14),
]
TICKET_TOPICS = [
    ("农业农村", ["耕地地力保护补贴未到账", "灌溉用水分配不均", "农机购置补贴咨询", "村内道路积水影响通行"]),
    ("社会保障", ["城乡居民养老保险待遇核查", "低保评定有异议", "医保报销进度咨询", "残疾人补贴申领"]),
    ("劳动工资", ["务工人员工资被拖欠", "劳务费结算纠纷"]),
    ("城乡建设", ["危房改造补助咨询", "自来水停水", "路灯损坏不亮", "集镇排水沟堵塞"]),
    ("环境卫生", ["垃圾清运不及时", "养殖场异味扰民", "占道经营影响通行"]),
    ("教育", ["学生资助政策咨询", "校车接送时间安排"]),
    ("禁牧封育", ["举报偷牧", "舍饲圈养补助咨询"]),
    ("其他", ["邻里噪音扰民", "电力线路老化", "网络信号差"]),
]


def ticket_rows(start_day, end_day, n, seq, pending=0, returned=0):
    rows = []
    pool = days(start_day, end_day, work=False)
    chosen = spread(pool, n)
    statuses = ["已处理"] * (n - pending - returned) + ["正在核实处理"] * pending + ["已退回"] * returned
    rng.shuffle(statuses)
    for day, status in zip(chosen, statuses):
        seq[day] += 1
        category, items = rng.choice(TICKET_TOPICS)
        number = f"NX12345{day:%Y%m%d}{seq[day]:03d}"
        closed = day + dt.timedelta(days=rng.randint(2, 14)) if status == "已处理" else None
        rows.append(({"date": day, "status": status},
                     [number, iso(day), category, village(), rng.choice(items), status, iso(closed)]))
    return rows


def disputes():
    seq = Counter()
    tickets = []
    tickets += ticket_rows(D(2023, 12, 25), D(2023, 12, 31), 12, seq)
    # 27件正在核实处理：多为12月下旬新交办的工单，另有少数疑难工单
    pending_by_week = {D(2024, 12, 23): 9, D(2024, 12, 16): 7, D(2024, 12, 9): 4, D(2024, 12, 2): 2,
                       D(2024, 11, 25): 1, D(2024, 10, 28): 1, D(2024, 9, 23): 1, D(2024, 7, 22): 1,
                       D(2024, 5, 20): 1}
    for i, (meeting, n) in enumerate(WEEKLY_TICKETS):
        end = WEEKLY_TICKETS[i + 1][0] - dt.timedelta(days=1) if i + 1 < len(WEEKLY_TICKETS) else D(2024, 12, 31)
        tickets += ticket_rows(meeting, end, n, seq, pending=pending_by_week.get(meeting, 0))
    tickets += ticket_rows(D(2025, 1, 1), D(2025, 1, 19), 30, seq, pending=9, returned=1)
    tickets.sort(key=lambda r: r[0]["date"])
    keep("hotline_ticket", ["工单编号", "受理日期", "问题类别", "村", "诉求内容", "办理状态", "办结日期"],
         tickets, lambda r: r["date"].year)

    # 信访：新增信访事项的周（history/2024.ron），共11件，1件正在调查核实
    petition_weeks = [D(2024, 2, 21), D(2024, 2, 29), D(2024, 3, 27), D(2024, 4, 11), D(2024, 4, 18),
                      D(2024, 5, 30), D(2024, 6, 13), D(2024, 7, 25), D(2024, 9, 26), D(2024, 10, 10),
                      D(2024, 10, 24)]
    matters = ["土地承包经营权确权面积有争议", "征地补偿款分配", "宅基地审批", "低保资格认定", "工程款拖欠",
               "邻里排水纠纷", "林地权属争议", "养老保险待遇", "村务公开不及时", "危房改造补助", "禁牧处罚异议"]
    channels = ["来访", "来访", "来信", "网上信访", "领导接访"]
    petitions = []
    for i, day in enumerate(petition_weeks):
        status = "正在调查核实" if i == len(petition_weeks) - 1 else "已处理答复"
        replied = day + dt.timedelta(days=rng.randint(10, 45)) if status == "已处理答复" else None
        petitions.append(({"date": day, "status": status},
                          [f"王信〔2024〕{i + 1}号", iso(day), person(), village(), rng.choice(channels), matters[i],
                           status, iso(replied)]))
    petitions.append(({"date": D(2025, 3, 3), "status": "正在调查核实"},
                      ["王信〔2025〕1号", "2025-03-03", person(), village(), "来访", "灌溉用水分配", "正在调查核实", ""]))
    keep("petition", ["信访编号", "受理日期", "信访人", "村", "信访形式", "信访事项", "办理状态", "答复日期"],
         petitions, lambda r: r["date"].year)

    # 综治中心分类登记（2024年3月28日建立分类登记制度后）：矛盾纠纷14、信访事项7、民生诉求5
    reg_matters = {
        "矛盾纠纷": ["邻里宅基地边界纠纷", "婚姻家庭纠纷", "土地承包纠纷", "劳务费纠纷", "借贷纠纷", "交通事故赔偿纠纷"],
        "信访事项": ["征地补偿分配", "低保资格认定", "工程款拖欠", "村务公开"],
        "民生诉求": ["饮水安全", "道路维修", "路灯安装", "垃圾清运"],
    }
    regs = []
    pool = days(D(2024, 4, 1), D(2024, 12, 27))
    for category, n in [("矛盾纠纷", 14), ("信访事项", 7), ("民生诉求", 5)]:
        for day in spread(pool, n):
            status = rng.choice(["已化解", "已化解", "已化解", "正在处理"]) if day.month < 12 else "正在处理"
            regs.append(({"date": day, "category": category},
                         [iso(day), category, village(), person(), rng.choice(reg_matters[category]), status, "杨莉"]))
    regs.append(({"date": D(2025, 1, 9), "category": "民生诉求"},
                  ["2025-01-09", "民生诉求", "王团村", person(), "冬季供暖", "正在处理", "杨莉"]))
    regs.sort(key=lambda r: r[0]["date"])
    keep("registration", ["登记日期", "登记类别", "村", "当事人", "事项", "办理情况", "登记人"],
         regs, lambda r: r["date"].year)

    # 矛盾纠纷：综治中心、派出所、司法所、法庭
    types = ["婚姻家庭", "邻里纠纷", "土地承包", "宅基地", "债务纠纷", "劳务工资", "交通事故", "赡养纠纷",
             "损害赔偿", "合同纠纷"]
    court_types = ["民间借贷", "离婚纠纷", "买卖合同", "劳务合同", "机动车交通事故责任", "土地承包经营权",
                   "赡养纠纷", "继承纠纷", "追索劳动报酬", "物权保护"]
    plan = [  # (body, outcome, n, app reports)
        ("综治中心", "调解成功", 21, 14), ("综治中心", "调解不成功", 3, 1), ("综治中心", "正在处理", 2, 0),
        ("派出所", "调解成功", 40, 0), ("派出所", "调解不成功", 10, 0),
        ("司法所", "调解成功", 129, 23),
        ("法庭", "已结案", 181, 0), ("法庭", "正在处理", 26, 0),
    ]
    disputes = []
    year_pool = days(D(2024, 1, 2), D(2024, 12, 31))
    late_pool = days(D(2024, 10, 15), D(2024, 12, 31))
    for body, outcome, n, app in plan:
        pool = late_pool if outcome == "正在处理" else year_pool
        flags = [True] * app + [False] * (n - app)
        rng.shuffle(flags)
        for day, flag in zip(spread(pool, n), flags):
            kind = rng.choice(court_types if body == "法庭" else types)
            disputes.append(({"date": day, "body": body, "outcome": outcome, "app": flag},
                             [iso(day), body, village(), f"{person()}与{person()}", kind, outcome,
                              "是" if flag else "否"]))
    # 噪声：2023年12月、2025年1月
    for day, body, outcome in [(D(2023, 12, 20), "司法所", "调解成功"), (D(2023, 12, 28), "派出所", "调解成功"),
                               (D(2025, 1, 8), "司法所", "调解成功"), (D(2025, 1, 15), "法庭", "正在处理"),
                               (D(2025, 1, 22), "综治中心", "正在处理")]:
        disputes.append(({"date": day, "body": body, "outcome": outcome, "app": body == "综治中心"},
                         [iso(day), body, village(), f"{person()}与{person()}", rng.choice(types), outcome,
                          "是" if body == "综治中心" else "否"]))
    disputes.sort(key=lambda r: (r[0]["date"], r[1][1]))
    # 法庭案号按受理顺序编
    court_no = Counter()
    for meta, row in disputes:
        if meta["body"] == "法庭":
            court_no[meta["date"].year] += 1
            row.append(f"（{meta['date'].year}）宁0324民初{court_no[meta['date'].year] + 1200}号")
        else:
            row.append("")
    keep("dispute", ["排查日期", "化解主体", "村", "当事人", "纠纷类型", "化解结果", "系统上报", "案号"],
         disputes, lambda r: r["date"].year)


# ---------------------------------------------------------------------------------------------
# enforcement：执法证件台账、行政处罚案件、权责清单、巡查、占道经营

STAFF = [  # 综合执法办公室3人、综合执法队7人（org.ron）
    ("金涛", "综合执法办公室", "综合执法办公室主任", "宁执6403240001", "2027-06-30"),
    ("张鹏", "综合执法办公室", "法制审核员", "宁执6403240002", "2026-12-31"),
    ("马小龙", "综合执法办公室", "案卷管理员", "", ""),
    ("虎斌", "综合执法队", "综合执法队队长", "宁执6403240003", "2027-06-30"),
    ("马成", "综合执法队", "执法队员", "宁执6403240004", "2025-04-30"),
    ("杨帆", "综合执法队", "执法队员", "宁执6403240005", "2026-12-31"),
    ("丁海", "综合执法队", "执法队员", "宁执6403240006", "2027-12-31"),
    ("李强", "综合执法队", "执法队员", "", ""),
    ("王磊", "综合执法队", "执法队员", "", ""),
    ("白英", "综合执法队", "执法队员", "", ""),
]
CERTIFIED_OTHERS = [  # 持证的其他干部（22人）
    ("马军", "镇党委", "党委书记"), ("杨华", "镇政府", "镇长"), ("丁伟", "镇政府", "分管副镇长"),
    ("苏明", "镇党委", "政法委员"), ("海燕", "镇党委", "组织委员"), ("纳丽", "党政办", "党政办主任"),
    ("马红", "民生服务大厅", "民生服务大厅负责人"), ("马文", "禁牧队", "禁牧队队长"),
    ("马力", "禁牧队", "禁牧队员"), ("苏兰", "综治中心", "综治中心主任"), ("马艳", "禁毒办", "禁毒办主任"),
    ("杨莉", "综治中心", "网格管理员"),
]
OTHER_UNITS = [("农业农村综合服务中心", "工作人员"), ("自然资源所", "工作人员"), ("社会事务服务中心", "工作人员"),
               ("禁牧队", "禁牧队员"), ("党政办", "工作人员"), ("民生服务大厅", "窗口工作人员")]


def enforcement():
    # 执法证件台账
    cadres = []
    for name, unit, post, cert, expires in STAFF:
        used_names.add(name)
        cadres.append(({"year": 2024, "staff": True, "certified": bool(cert)},
                       [2024, name, unit, post, "是", "是" if cert else "否", cert, expires]))
    others = list(CERTIFIED_OTHERS)
    for name, _, _ in others:
        used_names.add(name)
    while len(others) < 22:
        unit, post = rng.choice(OTHER_UNITS)
        others.append((person(), unit, post))
    for k, (name, unit, post) in enumerate(others):
        cert = "宁执6403240017" if name == "马力" else f"宁执64032400{k + 7 if k + 7 != 17 else 40:02d}"
        expires = rng.choice(["2025-12-31", "2026-06-30", "2026-12-31", "2027-06-30", "2027-12-31"])
        cadres.append(({"year": 2024, "staff": False, "certified": True},
                       [2024, name, unit, post, "否", "是", cert, expires]))
    for _ in range(14):
        unit, post = rng.choice(OTHER_UNITS)
        cadres.append(({"year": 2024, "staff": False, "certified": False},
                       [2024, person(), unit, post, "否", "否", "", ""]))
    keep("cadre", ["年度", "姓名", "单位", "职务", "执法人员", "持有执法证件", "执法证号", "证件有效期至"],
         cadres, lambda r: r["year"])

    # 禁牧巡查（月度数与 history/2024.ron 一致）：次数、罚款人数、罚款额、拆除羊圈
    grazing = {1: (62, 3, 3000, 6), 2: (58, 2, 2000, 4), 3: (75, 6, 6000, 12), 4: (80, 7, 7000, 15),
               5: (72, 5, 5000, 13), 6: (66, 4, 4000, 10), 7: (64, 4, 4000, 9), 8: (70, 5, 5000, 11),
               9: (68, 4, 4000, 10), 10: (71, 4, 5000, 10), 11: (66, 3, 3000, 8), 12: (64, 3, 3000, 7)}
    patrol_team = ["马文", "马力"] + [o[0] for o in others if o[1] == "禁牧队" and o[0] not in ("马文", "马力")]
    patrols = []
    fined = []

    def grazing_rows(pool, n, people, amount, pens):
        rows = []
        chosen = spread(pool, n)
        fines = [1000] * people
        if people:
            fines[0] += amount - 1000 * people
        fine_at = rng.sample(range(n), people)
        pen_at = rng.sample(range(n), min(n, max(1, pens // 2))) if pens else []
        pen_counts = Counter()
        for k in range(pens):
            pen_counts[pen_at[k % len(pen_at)]] += 1
        for i, day in enumerate(chosen):
            v = village()
            area = f"{v}{rng.choice(['北山', '南梁', '西沟', '东滩', '封育区', '退耕地'])}"
            officers = "、".join(rng.sample(patrol_team, 2))
            person_, fine, found = None, None, None
            if i in fine_at:
                person_ = person()
                fine = fines[fine_at.index(i)]
                found = f"发现{rng.randint(12, 60)}只羊在封育区偷牧"
                fined.append((day, person_, v, fine))
            pens_ = pen_counts.get(i)
            if pens_ and not found:
                found = "发现私搭乱建羊圈"
            rows.append(({"date": day, "type": "禁牧巡查", "person": person_, "fine": fine, "pens": pens_},
                         [iso(day), "禁牧巡查", "禁牧队", area, officers, found, person_, fine, pens_]))
        return rows

    # 噪声：2023年12月下旬、2025年1月（history/2025.ron：55次，未发现偷牧行为）
    patrols += grazing_rows(days(D(2023, 12, 20), D(2023, 12, 31), work=False), 9, 1, 1000, 2)
    for month, (n, people, amount, pens) in grazing.items():
        patrols += grazing_rows(month_days(2024, month, work=False), n, people, amount, pens)
    patrols += grazing_rows(month_days(2025, 1, work=False), 55, 0, 0, 0)
    # 综合执法队的占道经营、人居环境巡查
    for day in spread(days(D(2024, 9, 2), D(2024, 9, 27)), 18) + spread(days(D(2024, 10, 8), D(2024, 10, 25)), 6):
        patrols.append(({"date": day, "type": "占道经营巡查"},
                        [iso(day), "占道经营巡查", "综合执法队", rng.choice(["王团街", "S203线王团段", "王团集市"]),
                         "、".join(rng.sample(["虎斌", "马成", "杨帆", "丁海", "李强", "王磊", "白英"], 2)),
                         None, None, None, None]))
    for day in spread(days(D(2024, 3, 1), D(2024, 11, 29)), 20):
        patrols.append(({"date": day, "type": "人居环境巡查"},
                        [iso(day), "人居环境巡查", "综合执法队", village(),
                         "、".join(rng.sample(["虎斌", "马成", "杨帆", "丁海", "李强", "王磊", "白英"], 2)),
                         rng.choice([None, "柴草乱堆乱放", "建筑垃圾未清运"]), None, None, None]))
    patrols.sort(key=lambda r: (r[0]["date"], r[1][1]))
    keep("patrol", ["巡查日期", "巡查类型", "巡查队伍", "巡查区域", "巡查人员", "发现问题", "处罚对象",
                    "罚款金额（元）", "拆除羊圈（个）"], patrols, lambda r: r["date"].year)

    # 占道经营集中整治（2024年9月）：排查摊位22个，占道约182米，整改11个
    businesses = ["水果", "蔬菜", "烧烤", "服装", "日用百货", "早餐", "瓜子干果", "农资", "小吃"]
    places = ["王团街", "王团街", "S203线王团段", "王团集市", "王团中学门口"]
    lengths = [6.5, 8, 12, 7.5, 9, 5, 10.5, 8, 6, 11, 7, 9.5, 8.5, 7, 6.5, 10, 9, 8, 7.5, 9, 8, 8.9]
    assert len(lengths) == 22
    stalls = []
    rectified = set(rng.sample(range(22), 11))
    stall_days = spread(days(D(2024, 9, 2), D(2024, 9, 27)), 22)
    owners = []
    for i, day in enumerate(stall_days):
        owner = person()
        owners.append((owner, day, i in rectified))
        stalls.append(({"date": day, "length": lengths[i], "rectified": i in rectified},
                       [iso(day), rng.choice(places), owner, rng.choice(businesses), lengths[i],
                        "是" if i in rectified else "否", "已劝离并签订承诺书" if i in rectified else "多次劝说未整改"]))
    # 噪声：2025年1月春节集市前排查
    for day in [D(2025, 1, 20), D(2025, 1, 21)]:
        stalls.append(({"date": day, "length": 6.0, "rectified": True},
                       [iso(day), "王团集市", person(), "年货", 6, "是", "已劝离"]))
    stalls.sort(key=lambda r: r[0]["date"])
    keep("street_stall", ["排查日期", "路段", "经营户", "经营类别", "占道长度（米）", "已整改", "处置情况"],
         stalls, lambda r: r["date"].year)

    # 权责清单（2024年5月报县委编办）
    basic = [
        ("对违反禁牧封育规定放牧的处罚", "行政处罚", "县林业和草原局"),
        ("对违反禁牧封育规定放牧的牲畜予以扣押", "行政强制", "县林业和草原局"),
        ("对在草原上开垦、采挖植物的处罚", "行政处罚", "县林业和草原局"),
        ("对在封育区内私搭乱建圈舍的处罚", "行政处罚", "县林业和草原局"),
        ("对占道经营的处罚", "行政处罚", "县住房和城乡建设局"),
        ("对擅自占用、挖掘城镇道路的处罚", "行政处罚", "县住房和城乡建设局"),
        ("对在街道两侧和公共场地堆放物料的处罚", "行政处罚", "县住房和城乡建设局"),
        ("对随意倾倒、抛撒、堆放生活垃圾的处罚", "行政处罚", "县住房和城乡建设局"),
        ("对擅自设置户外广告、招牌的处罚", "行政处罚", "县住房和城乡建设局"),
        ("对露天焚烧垃圾的处罚", "行政处罚", "吴忠市生态环境局同心分局"),
        ("对露天焚烧秸秆、落叶等产生烟尘污染物质的处罚", "行政处罚", "吴忠市生态环境局同心分局"),
        ("对畜禽养殖场未按规定处置畜禽粪污的处罚", "行政处罚", "县农业农村局"),
        ("对在村庄规划区内未经批准进行临时建设的处罚", "行政处罚", "县自然资源局"),
        ("对农村村民未经批准非法占用土地建住宅的处罚", "行政处罚", "县自然资源局"),
        ("对在乡村规划区内未依法取得乡村建设规划许可证进行建设的处罚", "行政处罚", "县自然资源局"),
        ("对擅自砍伐、毁坏防护林的处罚", "行政处罚", "县林业和草原局"),
        ("对禁牧封育区的监督检查", "行政检查", "县林业和草原局"),
    ]
    cooperative = [
        ("食品生产经营活动监督检查", "行政检查", "县市场监督管理局"),
        ("安全生产监督检查", "行政检查", "县应急管理局"),
        ("消防安全检查", "行政检查", "县消防救援大队"),
        ("燃气经营使用安全检查", "行政检查", "县住房和城乡建设局"),
        ("农药经营使用监督检查", "行政检查", "县农业农村局"),
        ("动物防疫监督检查", "行政检查", "县农业农村局"),
        ("违法占用耕地线索摸排", "其他", "县自然资源局"),
        ("非法采砂、采土线索摸排", "其他", "县自然资源局"),
        ("拖欠农民工工资线索摸排", "其他", "县人力资源和社会保障局"),
        ("义务教育阶段适龄儿童控辍保学", "其他", "县教育体育局"),
        ("农村自建房安全排查", "行政检查", "县住房和城乡建设局"),
        ("河道管理范围内违法行为巡查", "行政检查", "县水务局"),
        ("校外培训机构巡查", "行政检查", "县教育体育局"),
        ("电动自行车违规充电巡查", "行政检查", "县消防救援大队"),
    ]
    returned = [
        ("对未取得采矿许可证擅自采矿的处罚", "行政处罚", "县自然资源局"),
        ("对擅自迁移、拆除不可移动文物的处罚", "行政处罚", "县文化旅游广电局"),
        ("对未经许可销售烟花爆竹的处罚", "行政处罚", "县应急管理局"),
        ("对违反规定设置大型户外广告的处罚", "行政处罚", "县住房和城乡建设局"),
        ("对未取得建筑工程施工许可证擅自施工的处罚", "行政处罚", "县住房和城乡建设局"),
        ("对擅自改变公共绿地用途的处罚", "行政处罚", "县住房和城乡建设局"),
        ("对违反规定在饮用水水源保护区内从事活动的处罚", "行政处罚", "吴忠市生态环境局同心分局"),
        ("对娱乐场所违规经营的处罚", "行政处罚", "县文化旅游广电局"),
        ("对未按规定办理动物检疫的处罚", "行政处罚", "县农业农村局"),
        ("对销售不符合标准的种子的处罚", "行政处罚", "县农业农村局"),
        ("对未经批准擅自开办民办学校的处罚", "行政处罚", "县教育体育局"),
        ("对违规收购、加工、销售野生动物的处罚", "行政处罚", "县林业和草原局"),
        ("对擅自占用林地的处罚", "行政处罚", "县林业和草原局"),
        ("对不按规定进行建筑垃圾处置核准的处罚", "行政处罚", "县住房和城乡建设局"),
        ("对擅自在公路用地范围内设置非公路标志的处罚", "行政处罚", "县交通运输局"),
        ("对违反规定使用农业机械的处罚", "行政处罚", "县农业农村局"),
        ("对擅自新建、改建、扩建宗教活动场所的处罚", "行政处罚", "县民族宗教事务局"),
    ]
    items = []
    for category, group in [("基本", basic), ("配合", cooperative), ("交回", returned)]:
        for name, item_type, dept in group:
            items.append(({"year": 2024, "category": category}, [2024, name, category, item_type, dept]))
    keep("power_item", ["年度", "事项名称", "清单类别", "事项类型", "县级对口部门"], items, lambda r: r["year"])

    # 行政处罚案件：2024年49宗（王综执罚〔2024〕1—49号），制作案卷4套
    officers_certified = ["金涛", "虎斌", "马成", "杨帆", "丁海", "张鹏"]
    cases = []
    # 第12号：见 decisions/wz-cf-2024-12.ron
    special12 = {"filed": D(2024, 5, 8), "decided": D(2024, 6, 14), "party": "同心县某养殖专业合作社",
                 "kind": "单位", "violation": "未按规定处置畜禽粪污", "penalty": "罚款", "fine": 50000,
                 "status": "已作出决定", "file": True, "officers": "杨帆、马力"}
    # 禁牧：部分被罚款人立案查处（与巡查记录同一人、同一金额）
    grazing_cases = [f for f in fined if f[0].year == 2024]
    grazing_cases = sorted(rng.sample(grazing_cases, 30), key=lambda f: f[0])
    specs = []
    for day, name, v, fine in grazing_cases:
        specs.append({"filed": day, "party": name, "kind": "个人", "violation": "违反禁牧封育规定放牧",
                      "penalty": "罚款", "fine": fine})
    # 占道经营：屡劝不改的3户依法处罚（2024年10月）
    stubborn = [o for o in owners if not o[2]][:3]
    for k, (owner, _, _) in enumerate(stubborn):
        specs.append({"filed": D(2024, 10, 9 + 3 * k), "party": owner, "kind": "个人", "violation": "占道经营",
                      "penalty": "罚款", "fine": 200})
    others_v = [("露天焚烧垃圾", "警告", None), ("随意倾倒建筑垃圾", "罚款", 500),
                ("在街道两侧堆放物料", "警告", None), ("擅自设置户外招牌", "罚款", 300),
                ("露天焚烧秸秆", "罚款", 200), ("未经批准进行临时建设", "罚款", 2000),
                ("在封育区内私搭羊圈", "罚款", 1000)]
    # 其他违法行为：补足48宗，使第12号（2024年5月8日立案）之前恰有11宗
    need_before = 11 - sum(1 for s in specs if s["filed"] < special12["filed"])
    need_after = 48 - len(specs) - need_before
    assert need_before >= 0 and need_after >= 0
    early = days(D(2024, 1, 3), special12["filed"] - dt.timedelta(days=1))
    late = days(special12["filed"] + dt.timedelta(days=1), D(2024, 11, 29))
    for day in spread(early, need_before) + spread(late, need_after):
        violation, penalty, fine = rng.choice(others_v)
        specs.append({"filed": day, "party": person(), "kind": "个人", "violation": violation,
                      "penalty": penalty, "fine": fine})
    specs.sort(key=lambda s: s["filed"])
    before = [s for s in specs if s["filed"] < special12["filed"]]
    after = [s for s in specs if s["filed"] >= special12["filed"]]
    assert len(before) == 11 and len(after) == 37
    specs = before + [special12] + after
    case_files = {3, 12, 31, 44}  # 制作案卷4套（每季度归档1套）
    for number, s in enumerate(specs, start=1):
        decided = s.get("decided") or s["filed"] + dt.timedelta(days=rng.randint(5, 25))
        status = s.get("status") or ("已作出决定" if number in (47, 49) else "已结案")
        officers = s.get("officers") or "、".join(rng.sample(officers_certified, 2))
        cases.append(({"date": s["filed"], "file": number in case_files},
                      [f"王综执罚〔2024〕{number}号", iso(s["filed"]), iso(decided), s["party"], s["kind"],
                       s["violation"], s["penalty"], s["fine"], status, "是" if number in case_files else "否",
                       officers]))
    # 噪声：2023年末、2025年初立案的案件
    cases.insert(0, ({"date": D(2023, 12, 12), "file": False},
                     ["王综执罚〔2023〕41号", "2023-12-12", "2024-01-05", person(), "个人", "违反禁牧封育规定放牧",
                      "罚款", 1000, "已结案", "否", "虎斌、杨帆"]))
    cases.insert(1, ({"date": D(2023, 12, 21), "file": True},
                     ["王综执罚〔2023〕42号", "2023-12-21", "2024-01-16", person(), "个人", "在封育区内私搭羊圈",
                      "罚款", 1000, "已结案", "是", "金涛、马成"]))
    for number, (filed, violation) in enumerate([(D(2025, 1, 14), "违反禁牧封育规定放牧"),
                                                 (D(2025, 2, 12), "违反禁牧封育规定放牧"),
                                                 (D(2025, 2, 26), "违反禁牧封育规定放牧")], start=1):
        cases.append(({"date": filed, "file": number == 3},
                      [f"王综执罚〔2025〕{number}号", iso(filed),
                       iso(filed + dt.timedelta(days=22)) if number < 3 else "", person(), "个人", violation, "罚款",
                       1000 if number < 3 else None, "正在办理" if number == 3 else "已作出决定",
                       "是" if number == 3 else "否", "杨帆、丁海"]))
    keep("penalty_case", ["案件编号", "立案日期", "决定日期", "当事人", "当事人类型", "违法行为", "处罚种类",
                          "罚款金额（元）", "办理状态", "制作案卷", "执法人员"], cases, lambda r: r["date"].year)


# ---------------------------------------------------------------------------------------------


def main():
    study()
    legal_adviser()
    disclosure()
    publicity()
    disputes()
    enforcement()
    check()


def rows2024(kind, **where):
    out = []
    for year, meta in LEDGER[kind]:
        if year == 2024 and all(meta.get(k) == v for k, v in where.items()):
            out.append(meta)
    return out


def check():
    """The figures of the 2024 report, counted the way the report scripts count them."""
    n = lambda kind, **w: len(rows2024(kind, **w))
    expect = {
        "study.laws": (len({m["law"] for m in rows2024("study_session")}), 43),
        "legal_adviser.town_advisers": (n("legal_adviser", level="镇"), 1),
        "legal_adviser.village_advisers": (n("legal_adviser", level="村"), 20),
        "legal_adviser.services": (n("adviser_service"), 106),
        "disclosure.total": (n("disclosure"), 275),
        "disclosure.website": (n("disclosure", channel="政府网站"), 34),
        "disclosure.wechat": (n("disclosure", channel="微信公众号"), 189),
        "disclosure.board": (n("disclosure", channel="线下公示栏"), 52),
        "publicity.offline": (n("publicity_event", form="线下"), 23),
        "publicity.online": (n("publicity_event", form="线上"), 33),
        "publicity.literate": (n("legal_literate"), 159),
        "publicity.backbone": (n("legal_literate", backbone=True), 96),
        "publicity.households": (n("model_household"), 709),
        "disputes.reg_disputes": (n("registration", category="矛盾纠纷"), 14),
        "disputes.reg_petitions": (n("registration", category="信访事项"), 7),
        "disputes.reg_demands": (n("registration", category="民生诉求"), 5),
        "disputes.hotline": (n("hotline_ticket"), 671),
        "disputes.hotline_done": (n("hotline_ticket", status="已处理"), 644),
        "disputes.hotline_verifying": (n("hotline_ticket", status="正在核实处理"), 27),
        "disputes.petitions": (n("petition"), 11),
        "disputes.petitions_answered": (n("petition", status="已处理答复"), 10),
        "disputes.petitions_investigating": (n("petition", status="正在调查核实"), 1),
        "disputes.app_reports": (n("dispute", app=True), 38),
        "disputes.police": (n("dispute", body="派出所"), 50),
        "disputes.police_mediated": (n("dispute", body="派出所", outcome="调解成功"), 40),
        "disputes.justice": (n("dispute", body="司法所"), 129),
        "disputes.justice_mediated": (n("dispute", body="司法所", outcome="调解成功"), 129),
        "disputes.court": (n("dispute", body="法庭"), 207),
        "disputes.court_closed": (n("dispute", body="法庭", outcome="已结案"), 181),
        "disputes.court_pending": (n("dispute", body="法庭", outcome="正在处理"), 26),
        "enforcement.certified": (n("cadre", certified=True), 28),
        "enforcement.staff": (n("cadre", staff=True), 10),
        "enforcement.staff_certified": (n("cadre", staff=True, certified=True), 6),
        "enforcement.cases": (n("penalty_case"), 49),
        "enforcement.case_files": (n("penalty_case", file=True), 4),
        "enforcement.basic_items": (n("power_item", category="基本"), 17),
        "enforcement.cooperative_items": (n("power_item", category="配合"), 14),
        "enforcement.returned_items": (n("power_item", category="交回"), 17),
        "enforcement.grazing_patrols": (n("patrol", type="禁牧巡查"), 816),
        "enforcement.fined_people": (len({m["person"] for m in rows2024("patrol", type="禁牧巡查") if m["person"]}), 50),
        "enforcement.fine_total": (sum(m["fine"] or 0 for m in rows2024("patrol", type="禁牧巡查")), 51000),
        "enforcement.pens_removed": (sum(m["pens"] or 0 for m in rows2024("patrol", type="禁牧巡查")), 115),
        "enforcement.stalls": (n("street_stall"), 22),
        "enforcement.stall_length": (round(sum(m["length"] for m in rows2024("street_stall")), 2), 182.4),
        "enforcement.stalls_rectified": (n("street_stall", rectified=True), 11),
    }
    tags = Counter(t for m in rows2024("model_household") for t in m["tags"])
    for name, want in [("hardworking", ("勤劳致富户", 405)), ("courtyard", ("美丽庭院户", 348)),
                       ("neighbourly", ("睦邻和谐户", 419)), ("education", ("崇文重教户", 168)),
                       ("law_abiding", ("遵纪守法户", 534)), ("customs", ("移风易俗户", 172))]:
        expect[f"publicity.{name}"] = (tags[want[0]], want[1])
    wrong = {name: got for name, (got, want) in expect.items() if got != want}
    assert not wrong, wrong
    assert all(m["tags"] for m in rows2024("model_household"))
    print(f"ledger: {len(LEDGER)} kinds, {sum(len(v) for v in LEDGER.values())} rows; "
          f"{len(expect)} figures of 2024 as reported")


if __name__ == "__main__":
    main()
