// The ~5 km grid (0.05 degree cells) the index walks nearest cell first.
#ifndef JOBMATCH_MATCHER_INDEX_GRID_H_
#define JOBMATCH_MATCHER_INDEX_GRID_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "matcher/domain/eligibility.h"
#include "matcher/domain/model.h"

namespace jobmatch::matcher::grid {

inline constexpr double kCellDeg = 0.05;

// A real place: finite, latitude within the poles, longitude within ±180.
// Only such points may be filed: the cell of any other is undefined behaviour
// (a NaN or a huge number converted to int).
inline bool OnEarth(const GeoPt& p) {
  return std::isfinite(p.lng) && std::isfinite(p.lat) && std::abs(p.lng) <= 180 &&
         std::abs(p.lat) <= 90;
}

inline int CellX(double lng) { return static_cast<int>(std::floor(lng / kCellDeg)); }
inline int CellY(double lat) { return static_cast<int>(std::floor(lat / kCellDeg)); }
// x in the high half, y in the low. Packed as unsigned: shifting a negative
// x (a cell west of 0°) left is undefined behaviour.
constexpr int64_t Key(int x, int y) {
  return static_cast<int64_t>((uint64_t{static_cast<uint32_t>(x)} << 32) |
                              static_cast<uint32_t>(y));
}
inline int64_t KeyOf(const GeoPt& p) { return Key(CellX(p.lng), CellY(p.lat)); }
constexpr int KeyX(int64_t key) { return static_cast<int>(key >> 32); }
constexpr int KeyY(int64_t key) { return static_cast<int>(static_cast<int32_t>(key & 0xffffffff)); }

// A lower bound of the distance in km from `p` to any point of the cell: the
// distance to the nearest point of the cell's lng/lat rectangle, shrunk a
// little for the curvature that rectangle ignores.
inline double CellMinKm(const GeoPt& p, int64_t key) {
  const double x0 = KeyX(key) * kCellDeg, y0 = KeyY(key) * kCellDeg;
  const GeoPt q{std::clamp(p.lng, x0, x0 + kCellDeg), std::clamp(p.lat, y0, y0 + kCellDeg)};
  return std::max(0.0, SurfaceKm(p, q) * 0.99 - 0.1);
}

// The same with a cosine fixed for the query: `cos_lat` must not exceed the
// cosine of any latitude between `p` and the cell (see CosFloor), so the
// result stays a lower bound while costing no trigonometry per cell.
inline double CellMinKm(const GeoPt& p, int64_t key, double cos_lat) {
  constexpr double kKmPerDegree = 6371.0 * M_PI / 180.0;
  const double x0 = KeyX(key) * kCellDeg, y0 = KeyY(key) * kCellDeg;
  const double dlat = std::clamp(p.lat, y0, y0 + kCellDeg) - p.lat;
  const double dlng = (std::clamp(p.lng, x0, x0 + kCellDeg) - p.lng) * cos_lat;
  return std::max(0.0, kKmPerDegree * std::sqrt(dlat * dlat + dlng * dlng) * 0.99 - 0.1);
}
// A cosine no larger than that of any latitude up to `max_abs_lat` degrees
// (plus a cell), for CellMinKm above.
inline double CosFloor(double max_abs_lat) {
  return std::cos(std::min(89.0, max_abs_lat + kCellDeg) * M_PI / 180.0);
}

// Cells [x0, x1] x [y0, y1]: every cell holding a point within `km` of `p`
// (a superset of the disc).
struct Box {
  int x0, x1, y0, y1;
  bool Contains(int64_t key) const {
    const int x = KeyX(key), y = KeyY(key);
    return x0 <= x && x <= x1 && y0 <= y && y <= y1;
  }
};
inline Box BoxAround(const GeoPt& p, double km) {
  const double dlat = km / 110.0 + kCellDeg;
  const double cos_lat = std::max(0.05, std::cos((std::abs(p.lat) + dlat) * M_PI / 180.0));
  const double dlng = km / (111.4 * cos_lat) + kCellDeg;
  return {CellX(p.lng - dlng), CellX(p.lng + dlng), CellY(p.lat - dlat), CellY(p.lat + dlat)};
}

// Calls fn(key) for every cell of BoxAround(p, km).
template <typename Fn>
void ForCellsAround(const GeoPt& p, double km, Fn&& fn) {
  const Box b = BoxAround(p, km);
  for (int x = b.x0; x <= b.x1; ++x) {
    for (int y = b.y0; y <= b.y1; ++y) fn(Key(x, y));
  }
}

}  // namespace jobmatch::matcher::grid

#endif  // JOBMATCH_MATCHER_INDEX_GRID_H_
