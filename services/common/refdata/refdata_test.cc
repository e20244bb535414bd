// Tests of the region table as committed in deploy/refdata (loaded through
// DefaultRegions, as services load it) and of the loader's validation on small
// hand-written files. Load speed is measured by refdata_benchmark.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "services/common/refdata/regions.h"
#include "services/common/testing/temp_path.h"

namespace jobmatch::refdata {
namespace {

// A scratch folder unique to this process, removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() : path_(jobmatch::testing::TempPath("refdata_test_" + std::to_string(counter_++))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string p = (path_ / name).string();
    std::ofstream(p) << text;
    return p;
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST(RegionTableTest, FindsEveryLevel) {
  const RegionTable& t = DefaultRegions();
  struct Case {
    const char* code;
    const char* name;
    const char* short_name;
    RegionLevel level;
    const char* parent;
  };
  const Case cases[] = {
      {"43", "湖南省", "湖南", RegionLevel::kProvince, ""},
      {"4302", "株洲市", "株洲", RegionLevel::kCity, "43"},
      {"430281", "醴陵市", "醴陵", RegionLevel::kCounty, "4302"},
      {"430104", "岳麓区", "岳麓", RegionLevel::kCounty, "4301"},
      {"430225", "炎陵县", "炎陵", RegionLevel::kCounty, "4302"},
      {"430223", "攸县", "攸县", RegionLevel::kCounty, "4302"},      // no one-character short name
      {"430121", "长沙县", "长沙县", RegionLevel::kCounty, "4301"},  // 长沙 is the city
      {"430212", "渌口区", "渌口", RegionLevel::kCounty, "4302"},
      {"430212100", "渌口镇", "渌口", RegionLevel::kTownship, "430212"},
      {"430211001", "嵩山路街道", "嵩山路", RegionLevel::kTownship, "430211"},
      {"430225209", "中村瑶族乡", "中村", RegionLevel::kTownship, "430225"},
      {"430202001001", "文化路社区居委会", "文化路社区", RegionLevel::kVillage, "430202001"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    const Region* r = t.Find(c.code);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->code, c.code);
    EXPECT_EQ(r->name, c.name);
    EXPECT_EQ(r->short_name, c.short_name);
    EXPECT_EQ(r->level, c.level);
    EXPECT_EQ(r->parent_code, c.parent);
    EXPECT_TRUE(t.IsKnown(c.code));
  }
}

TEST(RegionTableTest, CoversHunanAndZhuzhouVillages) {
  const RegionTable& t = DefaultRegions();
  int by_level[5] = {};
  for (const Region& r : t.all()) by_level[static_cast<int>(r.level)]++;
  EXPECT_EQ(by_level[0], 1);
  EXPECT_EQ(by_level[1], 14);
  EXPECT_GE(by_level[2], 122);
  EXPECT_EQ(by_level[3], 2008);
  EXPECT_GT(by_level[4], 1300);
  EXPECT_EQ(t.Children("4302").size(), 9u);  // 荷塘 芦淞 石峰 天元 渌口 攸县 茶陵 炎陵 醴陵
  for (size_t i = 1; i < t.all().size(); ++i) EXPECT_LT(t.all()[i - 1].code, t.all()[i].code);
}

TEST(RegionTableTest, MapsOldCodesToSuccessors) {
  const RegionTable& t = DefaultRegions();
  const std::pair<const char*, const char*> cases[] = {
      {"430221", "430212"},              // 株洲县 -> 渌口区
      {"430221000000", "430212"},        // its padded 12-digit form
      {"430221100", "430212100"},        // 渌口镇 under the old county code
      {"430221100009", "430212100009"},  // a village of it
      {"430221999", ""},                 // no such town under either code
      {"431121", "431181"},              // 祁阳县 -> 祁阳市
      {"430200", "4302"},                // 6-digit city code
      {"430000", "43"},
      {"430202001000", "430202001"},  // padded township code
      {"430281", "430281"},
  };
  for (const auto& [old_code, canonical] : cases) {
    SCOPED_TRACE(old_code);
    EXPECT_EQ(t.Canonical(old_code), canonical);
  }
  EXPECT_EQ(t.Find("430221")->name, "渌口区");
}

TEST(RegionTableTest, UnknownAndMalformedCodesAreNotKnown) {
  const RegionTable& t = DefaultRegions();
  for (const char* code : {"", "4", "44", "4399", "430299", "43028", "4302811", "430281999",
                           "430281abc", "abc", "-430281", "4302810010019", "110101"}) {
    SCOPED_TRACE(code);
    EXPECT_FALSE(t.IsKnown(code));
    EXPECT_EQ(t.Canonical(code), "");
    EXPECT_EQ(t.CountyOf(code), "");
  }
}

TEST(RegionTableTest, CountyOfAndContainment) {
  const RegionTable& t = DefaultRegions();
  EXPECT_EQ(t.CountyOf("430212100009"), "430212");
  EXPECT_EQ(t.CountyOf("430221100"), "430212");
  EXPECT_EQ(t.CountyOf("430281"), "430281");
  EXPECT_EQ(t.CountyOf("4302"), "");
  EXPECT_TRUE(t.IsWithin("430212100009", "4302"));
  EXPECT_TRUE(t.IsWithin("430221100", "430212"));
  EXPECT_TRUE(t.IsWithin("4302", "4302"));
  EXPECT_FALSE(t.IsWithin("4302", "430212"));
  EXPECT_FALSE(t.IsWithin("430104", "4302"));
  EXPECT_EQ(t.Parent(*t.Find("430212100"))->code, "430212");
  EXPECT_EQ(t.Parent(*t.Find("43")), nullptr);
}

TEST(RegionTableTest, EveryRegionHasCoordinatesWithFallbacks) {
  const RegionTable& t = DefaultRegions();
  for (const Region& r : t.all()) {
    ASSERT_TRUE(r.lng > 108 && r.lng < 115 && r.lat > 24 && r.lat < 31) << r.code;
  }
  const Region* own = t.Find("430212100");  // 渌口镇: own coordinates
  EXPECT_TRUE(own->own_coordinates);
  EXPECT_NEAR(own->lng, 113.143046, 1e-6);
  // 南洲镇 has none: the 渌口区 centroid, not its seat.
  const Region* town = t.Find("430212110");
  EXPECT_FALSE(town->own_coordinates);
  EXPECT_NEAR(town->lng, 113.140154, 1e-6);
  EXPECT_NEAR(town->lat, 27.475297, 1e-6);
  // 明照街道, an urban sub-district without coordinates: the 荷塘区 seat.
  const Region* street = t.Find("430202006");
  EXPECT_FALSE(street->own_coordinates);
  EXPECT_NEAR(street->lng, 113.162548, 1e-6);
  EXPECT_NEAR(street->lat, 27.833036, 1e-6);
  // A village without coordinates takes its township's.
  const Region* village = t.Find("430212100009");
  EXPECT_FALSE(village->own_coordinates);
  EXPECT_EQ(village->lng, own->lng);
  EXPECT_EQ(village->lat, own->lat);
  EXPECT_FALSE(t.Find("43")->own_coordinates);
}

TEST(RegionTableTest, DistanceBetweenCityCentres) {
  const RegionTable& t = DefaultRegions();
  const Region* zhuzhou = t.Find("4302");
  const Region* changsha = t.Find("4301");
  const double km = DistanceKm(zhuzhou->lng, zhuzhou->lat, changsha->lng, changsha->lat);
  EXPECT_GT(km, 42.5);
  EXPECT_LT(km, 44.0);
  EXPECT_EQ(DistanceKm(113.1, 27.8, 113.1, 27.8), 0);
  // One degree of longitude on the equator, on a sphere of the mean radius.
  EXPECT_NEAR(DistanceKm(0, 0, 1, 0), 111.195, 0.01);
  EXPECT_NEAR(DistanceKm(1, 0, 0, 0), DistanceKm(0, 0, 1, 0), 1e-9);
}

TEST(RegionTableTest, ResolvesRegionText) {
  const RegionTable& t = DefaultRegions();
  const std::pair<const char*, const char*> cases[] = {
      {"长沙-岳麓区", "430104"},
      {"湖南省 - 株洲市", "4302"},
      {"株洲·天元区", "430211"},
      {"醴陵", "430281"},
      {"醴陵市", "430281"},
      {"株洲市渌口区", "430212"},
      {"株洲县", "430212"},
      {"湖南株洲株洲县", "430212"},
      {"渌口", "430212"},  // the district, not its town 渌口镇
      {"攸县", "430223"},
      {"湖南", "43"},
      {"株洲", "4302"},
      {"长沙县", "430121"},
      {"长沙市长沙县", "430121"},
      {"湘潭", "4303"},
      {"株洲市天元区嵩山路街道", "430211001"},
      {"天元区 嵩山路", "430211001"},    // a town's short name refines a named county
      {"株洲 清水塘街道", "430204003"},  // a street name two cities share
      {"长沙市清水塘街道", "430105003"},
      {"清水塘街道", ""},  // ambiguous without a city
      {"新市镇", ""},
      {"株洲新市镇", "430223123"},
      {"攸县新市镇", "430223123"},
      {"茶陵县 龙潭", "430224"},  // 龙潭镇 is in 渌口区, not 茶陵: keep the county
      {"长沙 株洲", "43"},        // two cities: the province holding both
      {"  430281  ", "430281"},
      {"430221", "430212"},
      {"", ""},
      {"北京市朝阳区", ""},
      {"面议", ""},
      {"株洲市荷塘区月塘街道文化路社区居委会", "430202001001"},
      {"湘潭市九华示范区", "430373"},      // a county-level zone, named after its city
      {"湘潭九华", "430373"},              // the zone, not its 九华街道
      {"醴陵经开区", "430281400"},         // 湖南醴陵经济开发区 as people write it
      {"芦淞区董家段街道", "430203004"},   // the 2016 spelling of 董家塅街道
      {"祁阳县", "431181"},                // now 祁阳市
      {"株洲市天元区黄河北路", "430211"},  // street names do not derail it
      {"湖南省长沙市开福区清水塘街道", "430105003"},
  };
  for (const auto& [text, code] : cases) {
    SCOPED_TRACE(text);
    EXPECT_EQ(t.ResolveText(text), code);
  }
}

TEST(RegionTableTest, ResolvesPlacesOutsideTheArea) {
  const RegionTable& t = DefaultRegions();
  struct Case {
    const char* text;
    Place::Kind kind;
    const char* code;
    const char* full_name;
  };
  constexpr Place::Kind kIn = Place::Kind::kInArea;
  constexpr Place::Kind kOut = Place::Kind::kOutside;
  constexpr Place::Kind kNone = Place::Kind::kUnknown;
  const Case cases[] = {
      // Job boards' city-district forms: the city must agree with the district.
      {"南京·建邺区", kOut, "320105", "江苏省南京市建邺区"},      // not 耒阳市南京镇
      {"上海市-松江区", kOut, "310117", "上海市松江区"},          // not 衡南县松江镇
      {"广州-白云区", kOut, "440111", "广东省广州市白云区"},      // not 石门县白云镇
      {"南京·雨花台区", kOut, "320114", "江苏省南京市雨花台区"},  // not 长沙市雨花区
      {"长沙·岳麓区", kIn, "430104", ""},
      {"江苏省南京市建邺区", kOut, "320105", "江苏省南京市建邺区"},
      {"北京市朝阳区", kOut, "110105", "北京市朝阳区"},
      {"深圳", kOut, "4403", "广东省深圳市"},
      {"广东", kOut, "44", "广东省"},
      {"320105", kOut, "320105", "江苏省南京市建邺区"},
      {"白云区", kOut, "", "白云区"},  // Guangzhou's or Guiyang's: outside either way
      // Namesakes of platform regions with nothing else said: the platform's own.
      {"永定区", kIn, "430802", ""},
      {"张家界永定区", kIn, "430802", ""},
      {"资阳", kIn, "430902", ""},
      {"四川资阳", kOut, "5120", "四川省资阳市"},
      // A town's own full name is still the town.
      {"南京镇", kIn, "430481116", ""},
      {"衡南县松江", kIn, "430422122", ""},  // a short town name under its county
      // Places elsewhere after a platform region are street names.
      {"株洲市天元区庐山路", kIn, "430211", ""},
      {"天元区庐山路", kIn, "430211", ""},
      {"茶陵县 龙潭", kIn, "430224", ""},  // not 吉林市龙潭区 either
      {"长沙 株洲", kIn, "43", ""},        // several places: the smallest region holding them
      {"深圳/东莞", kOut, "44", "广东省"},
      {"南京/长沙", kNone, "", ""},  // on both sides of the border
      {"东莞市长安镇", kOut, "4419",
       "广东省东莞市"},  // a Hunan town's name cannot contradict a city
      {"外星球", kNone, "", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const Place p = t.ResolvePlace(c.text);
    EXPECT_EQ(p.kind, c.kind);
    EXPECT_EQ(p.code, c.code);
    EXPECT_EQ(p.full_name, c.full_name);
  }
  // The national divisions are not platform regions.
  EXPECT_FALSE(t.IsKnown("320105"));
  EXPECT_EQ(t.Find("3201"), nullptr);
  ASSERT_NE(t.FindDivision("320105"), nullptr);
  EXPECT_EQ(t.FindDivision("320105")->name, "建邺区");
  EXPECT_EQ(t.FindDivision("430104"), nullptr);
  for (const Region& r : t.all()) ASSERT_TRUE(r.code.rfind("43", 0) == 0) << r.code;
}

TEST(RegionTableTest, LoadRejectsMalformedDivisions) {
  ScratchDir dir;
  const std::string regions =
      dir.Write("r.csv",
                "code,name,short_name,parent_code,level,lng,lat,own_coords\n"
                "43,湖南省,湖南,,province,112.98,28.19,0\n");
  const std::string header = "code,name,short_name,parent_code\n";
  const std::string good =
      header + "32,江苏省,江苏,\n3201,南京市,南京,32\n320105,建邺区,建邺,3201\n";
  ASSERT_TRUE(RegionTable::Load(regions, "", dir.Write("good.csv", good)).ok());
  const char* bad_rows[] = {
      "3202,无锡市,无锡,31\n",      // parent unknown
      "320106,鼓楼区,鼓楼,3202\n",  // parent not read first
      "4301,长沙市,长沙,43\n",      // inside the platform's area
      "32010,X区,X,3201\n",         // not 2, 4 or 6 digits
      "320105,建邺区,建邺,3201\n",  // duplicate
  };
  for (const char* row : bad_rows) {
    SCOPED_TRACE(row);
    EXPECT_EQ(RegionTable::Load(regions, "", dir.Write("bad.csv", good + row)).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(RegionTableTest, LoadRejectsMalformedRows) {
  ScratchDir dir;
  const std::string header = "code,name,short_name,parent_code,level,lng,lat,own_coords\n";
  const std::string province = "43,湖南省,湖南,,province,112.98,28.19,0\n";
  const std::string good = header + province + "4302,株洲市,株洲,43,city,113.15,27.83,1\n";
  ASSERT_TRUE(RegionTable::Load(dir.Write("good.csv", good), "").ok());
  const char* bad_rows[] = {
      "4302,株洲市,株洲,43,county,113.15,27.83,1\n",  // level does not fit the code
      "4302,株洲市,株洲,44,city,113.15,27.83,1\n",    // parent unknown / not a prefix
      "4302,株洲市,株洲,43,city,,27.83,1\n",          // no coordinates
      "4302,株洲市,株洲,43,city,13.15,27.83,1\n",     // outside China
      "4302,株洲市,株洲,43,city,113.15,27.83,2\n",    // own_coords not 0/1
      "43,湖南省,湖南,,province,112.98,28.19,0\n",    // duplicate
      "4302,株洲市,株洲,43,city,113.15\n",            // too few fields
      "43X2,株洲市,株洲,43,city,113.15,27.83,1\n",
  };
  for (const char* row : bad_rows) {
    SCOPED_TRACE(row);
    const auto t = RegionTable::Load(dir.Write("bad.csv", header + province + row), "");
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(RegionTable::Load(dir.Write("none.csv", ""), "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RegionTable::Load("/nonexistent/regions.csv").status().code(),
            absl::StatusCode::kNotFound);
  const std::string aliases = dir.Write("a.csv", "old_code,old_name,code\n430221,株洲县,4399\n");
  EXPECT_EQ(RegionTable::Load(dir.Write("good2.csv", good), aliases).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jobmatch::refdata
