#!/usr/bin/env python3
"""Writes a fair's postings file of N rows (default 90,000; ids F-FIRST on, FIRST
default 0) to stdout, with the
real-style titles, salary forms, regions and benefits of
clients/import/import_benchmark.cc, for timing a whole import from the file
through `jobctl import postings` (reading, classification, ImportPostings and
MariaDB). The rows name no employer: pass --employer to jobctl.
"""
import sys

TITLES = ("电焊工 普工 家政服务员 会计 服务员 缝纫工 叉车司机 保安 文员 销售代表 月嫂 育婴师 保姆 护工 "
          "陶瓷工 装配工 仓管员 搬运工 外卖骑手 主播 电商运营 客服 前台 施釉工 烧窑工 贴花工 CNC操机员 "
          "数控车工 转向架装配工 机车钳工 电工 水电工 钢筋工 木工 泥瓦工 架子工 厨师 帮厨 洗碗工 收银员 导购 "
          "店长 快递员 分拣员 货车司机 网约车司机 养猪工 采茶工 农机手 幼师 小学老师 护士 药店营业员 美发师 "
          "保洁员 物业管家 质检员 包装工 注塑工 电子厂普工 汽修工 带货主播 短视频剪辑 Java开发工程师 人事专员 "
          "出纳 平面设计 面点师 烧腊师傅 瓷厂拣选工 锂电池车间操作工 轨道车辆布线工 鱼塘看护").split()
PREFIXES = ["", "株洲·", "醴陵", "【急招】", "高级", "长沙-"]
SUFFIXES = ["", "（包吃住）", " 月入8000+", "学徒", "(长白班)", "★"]
REGIONS = ["株洲·天元区", "醴陵", "长沙-岳麓区", "攸县", "株洲市芦淞区", "湖南省株洲市荷塘区"]
SALARIES = ["3000-5000元/月", "0.6-1万/月", "4.5-6千/月", "7-14万/年", "300-330元/天",
            "25-35K·13薪", "8000以上", "面议", "4000-6000元/月 包吃住"]
BENEFITS = ["五险一金,包吃住", "包住、年终奖", "岗前培训", ""]


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 90000
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    n = len(TITLES)
    out = sys.stdout
    out.write("编号,岗位名称,薪资,学历,经验,招聘人数,工作地点,福利\n")
    for i in range(first, first + rows):
        title = PREFIXES[(i // n) % 6] + TITLES[i % n] + SUFFIXES[(i // (n * 6)) % 6]
        out.write(f'F-{i},{title},{SALARIES[i % 9]},大专及以上,1-3年,招{1 + i % 20}人,'
                  f'{REGIONS[i % 6]},"{BENEFITS[i % 4]}"\n')


if __name__ == "__main__":
    main()
