// Controls turn mouse input into host-style edit gestures, and the generic editor's
// layout and size rules hold at 1x and 2x.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "plinth/ui/generic_editor.h"
#include "plinth/ui/layout.h"
#include "plinth/ui/widgets.h"

namespace {

using namespace plinth::ui;

struct Call {
  char kind;  // 'b', 'p', 'e'
  std::uint32_t id;
  double value;
};

class FakeModel final : public EditorModel {
public:
  std::map<std::uint32_t, double> values;
  std::vector<Call> calls;
  double normalized(std::uint32_t id) const override { return values.at(id); }
  std::string text(std::uint32_t, double n) const override { return std::to_string(n); }
  void begin_edit(std::uint32_t id) override { calls.push_back({'b', id, 0}); }
  void perform_edit(std::uint32_t id, double n) override {
    values[id] = n;
    calls.push_back({'p', id, n});
  }
  void end_edit(std::uint32_t id) override { calls.push_back({'e', id, 0}); }
  int count(char kind) const {
    int n = 0;
    for (const auto& c : calls) n += c.kind == kind ? 1 : 0;
    return n;
  }
};

Knob make_knob(FakeModel& m, int steps = 0) {
  m.values[1] = 0.5;
  Knob k(m, 1, "Gain", steps, 0.25);
  k.bounds = {0, 0, 84, 96};
  return k;
}

TEST(Knob, DragIsOneGestureWithRisingValues) {
  FakeModel m;
  Knob k = make_knob(m);
  k.mouse_down(40, 46, {}, false);
  for (int i = 1; i <= 10; ++i) k.mouse_drag(40, 46.0f - 4.0f * static_cast<float>(i), {});
  k.mouse_up(40, 6);
  ASSERT_GE(m.calls.size(), 3u);
  EXPECT_EQ(m.calls.front().kind, 'b');
  EXPECT_EQ(m.calls.back().kind, 'e');
  EXPECT_EQ(m.count('b'), 1);
  EXPECT_EQ(m.count('e'), 1);
  EXPECT_EQ(m.count('p'), 10);
  double last = 0.5;
  for (const auto& c : m.calls)
    if (c.kind == 'p') {
      EXPECT_GT(c.value, last);
      last = c.value;
    }
  EXPECT_NEAR(m.values[1], 0.5 + 40.0 / Knob::drag_range, 1e-9);
}

TEST(Knob, AClickWithoutMovingEditsNothing) {
  FakeModel m;
  Knob k = make_knob(m);
  k.mouse_down(40, 46, {}, false);
  k.mouse_drag(40, 46, {});
  k.mouse_up(40, 46);
  EXPECT_TRUE(m.calls.empty());
}

TEST(Knob, ShiftDragIsTenTimesFiner) {
  FakeModel m;
  Knob k = make_knob(m);
  k.mouse_down(40, 46, {}, false);
  k.mouse_drag(40, 26, {.shift = true});
  k.mouse_up(40, 26);
  EXPECT_NEAR(m.values[1], 0.5 + 2.0 / Knob::drag_range, 1e-9);
}

TEST(Knob, ClampsAndStopsPerformingAtTheEnd) {
  FakeModel m;
  Knob k = make_knob(m);
  k.mouse_down(40, 46, {}, false);
  k.mouse_drag(40, -1000, {});
  k.mouse_drag(40, -1100, {});  // already at 1: nothing more to perform
  k.mouse_up(40, -1100);
  EXPECT_EQ(m.values[1], 1.0);
  EXPECT_EQ(m.count('p'), 1);
}

TEST(Knob, DoubleClickRestoresTheDefault) {
  FakeModel m;
  Knob k = make_knob(m);
  k.mouse_down(40, 46, {}, true);
  k.mouse_up(40, 46);
  EXPECT_EQ(m.values[1], 0.25);
  ASSERT_EQ(m.calls.size(), 3u);
  EXPECT_EQ(m.calls[0].kind, 'b');
  EXPECT_EQ(m.calls[1].kind, 'p');
  EXPECT_EQ(m.calls[2].kind, 'e');
}

TEST(Knob, SteppedValuesSnapAndWheelMovesOneStep) {
  FakeModel m;
  Knob k = make_knob(m, 4);  // 0, .25, .5, .75, 1
  k.wheel(1, {});
  EXPECT_EQ(m.values[1], 0.75);
  k.mouse_down(40, 46, {}, false);
  k.mouse_drag(40, 40, {});  // 0.03 of travel: snaps back to 0.75, no perform
  k.mouse_up(40, 40);
  EXPECT_EQ(m.values[1], 0.75);
  EXPECT_EQ(m.count('p'), 1);
}

TEST(Toggle, ClickFlips) {
  FakeModel m;
  m.values[2] = 0.0;
  Toggle t(m, 2, "Bypass", 1, 0.0);
  t.bounds = {0, 0, 84, 96};
  t.mouse_down(40, 40, {}, false);
  EXPECT_EQ(m.values[2], 1.0);
  t.mouse_down(40, 40, {}, false);
  EXPECT_EQ(m.values[2], 0.0);
  EXPECT_EQ(m.count('b'), 2);
  EXPECT_EQ(m.count('e'), 2);
}

TEST(Choice, ClickStepsForwardAndWrapsLeftThirdStepsBack) {
  FakeModel m;
  m.values[3] = 0.0;
  Choice c(m, 3, "Mode", 2, 0.0);  // three entries
  c.bounds = {0, 0, 84, 96};
  c.mouse_down(70, 40, {}, false);
  EXPECT_EQ(m.values[3], 0.5);
  c.mouse_down(70, 40, {}, false);
  EXPECT_EQ(m.values[3], 1.0);
  c.mouse_down(70, 40, {}, false);
  EXPECT_EQ(m.values[3], 0.0);
  c.mouse_down(5, 40, {}, false);
  EXPECT_EQ(m.values[3], 1.0);
}

TEST(Meter, NeverEdits) {
  FakeModel m;
  m.values[4] = 0.3;
  Meter meter(m, 4, "Level", 0, 0.0);
  meter.bounds = {0, 0, 84, 96};
  meter.mouse_down(40, 40, {}, false);
  meter.mouse_drag(40, 0, {});
  meter.mouse_up(40, 0);
  meter.wheel(3, {});
  EXPECT_TRUE(m.calls.empty());
}

// Pixels along the meter's track (y = 45 at 1x) that carry the accent colour.
std::vector<bool> meter_bar(double value, double resting) {
  FakeModel m;
  m.values[4] = value;
  Meter meter(m, 4, "Reduction", 0, resting);
  meter.bounds = {0, 0, 120, 96};
  Canvas canvas;
  canvas.resize(120, 96);
  canvas.clear(Theme{}.background);
  meter.paint(canvas, Theme{}, 1.0f);
  std::vector<bool> lit;
  for (int x = 10; x < 110; ++x) lit.push_back(canvas.pixel(x, 45) == Theme{}.accent);
  return lit;
}

TEST(Meter, BarGrowsFromItsRestingValue) {
  // A level meter resting at the bottom fills from the left...
  auto level = meter_bar(0.3, 0.0);
  EXPECT_TRUE(level[5]);
  EXPECT_TRUE(level[25]);
  EXPECT_FALSE(level[35]);
  EXPECT_FALSE(level[95]);
  // ...a gain-reduction meter resting at 0 dB (the top) fills from the right, and shows
  // nothing while nothing is reduced.
  auto reduction = meter_bar(0.7, 1.0);
  EXPECT_FALSE(reduction[5]);
  EXPECT_FALSE(reduction[65]);
  EXPECT_TRUE(reduction[75]);
  EXPECT_TRUE(reduction[95]);
  for (bool lit : meter_bar(1.0, 1.0)) EXPECT_FALSE(lit);
}

TEST(ValueText, UnitsJoinAsTheyAreWritten) {
  EXPECT_EQ(with_unit("4.0", ":1"), "4.0:1");
  EXPECT_EQ(with_unit("-12.0", "dB"), "-12.0 dB");
  EXPECT_EQ(with_unit("250 ms", "ms"), "250 ms");
  EXPECT_EQ(with_unit("0.50", ""), "0.50");
}

TEST(Layout, KindsFollowTheParameterFlags) {
  EXPECT_EQ(control_kind(0, false, false), ControlKind::knob);
  EXPECT_EQ(control_kind(10, false, false), ControlKind::knob);
  EXPECT_EQ(control_kind(1, false, false), ControlKind::toggle);
  EXPECT_EQ(control_kind(3, true, false), ControlKind::choice);
  EXPECT_EQ(control_kind(0, false, true), ControlKind::meter);
}

std::vector<ControlInfo> sample_controls() {
  std::vector<ControlInfo> c;
  for (std::uint32_t i = 0; i < 9; ++i) c.push_back({i, std::to_string(i), i < 7 ? 1 : 2, "G", ControlKind::knob});
  c.push_back({100, "Bypass", 0, "", ControlKind::toggle});
  return c;
}

TEST(Layout, SectionsStartNewRowsAndCellsDoNotOverlap) {
  const auto controls = sample_controls();
  const int width = preferred_width(controls, 1.0f);
  const Layout l = layout_controls(controls, width, 1.0f);
  ASSERT_EQ(l.controls.size(), controls.size());
  EXPECT_EQ(l.headings.size(), 3u);  // groups 1, 2 and the root
  for (std::size_t a = 0; a < l.controls.size(); ++a) {
    const Rect& r = l.controls[a].cell;
    EXPECT_LE(r.right(), static_cast<float>(width));
    EXPECT_LE(r.bottom(), static_cast<float>(l.height));
    for (std::size_t b = a + 1; b < l.controls.size(); ++b) {
      const Rect& s = l.controls[b].cell;
      EXPECT_TRUE(r.right() <= s.x || s.right() <= r.x || r.bottom() <= s.y || s.bottom() <= r.y) << a << " " << b;
    }
  }
  // Group 2's first control starts a row below group 1's last.
  EXPECT_GT(l.controls[7].cell.y, l.controls[6].cell.y);
  EXPECT_EQ(l.controls[7].cell.x, l.controls[0].cell.x);
}

TEST(Layout, TwoTimesScaleDoublesEverything) {
  const auto controls = sample_controls();
  const Layout one = layout_controls(controls, preferred_width(controls, 1.0f), 1.0f);
  const Layout two = layout_controls(controls, preferred_width(controls, 2.0f), 2.0f);
  EXPECT_EQ(two.width, 2 * one.width);
  EXPECT_NEAR(two.height, 2 * one.height, 2);
  for (std::size_t i = 0; i < one.controls.size(); ++i) {
    EXPECT_NEAR(two.controls[i].cell.x, 2 * one.controls[i].cell.x, 1.0);
    EXPECT_NEAR(two.controls[i].cell.y, 2 * one.controls[i].cell.y, 1.0);
  }
}

TEST(GenericEditor, SizeIsConstrainedAndPaintsOnlyWhenSomethingMoved) {
  FakeModel m;
  std::vector<ParamDescription> params;
  for (const auto& c : sample_controls()) {
    m.values[c.id] = 0.5;
    params.push_back({c, c.kind == ControlKind::toggle ? 1 : 0, 0.5});
  }
  GenericEditor e("Test", params, m);
  const Size preferred = e.preferred_size();
  EXPECT_EQ(e.size(), preferred);
  EXPECT_EQ(e.constrain({10, 10}).width, minimum_width(sample_controls(), 1.0f));
  EXPECT_EQ(e.constrain({100000, 10}).width, layout_max_width);
  // Narrower means more rows, so taller.
  EXPECT_GT(e.constrain({minimum_width(sample_controls(), 1.0f), 0}).height, preferred.height);

  Canvas canvas;
  EXPECT_TRUE(e.paint(canvas));
  EXPECT_EQ(canvas.width(), preferred.width);
  EXPECT_FALSE(e.paint(canvas));  // nothing moved
  m.values[3] = 0.9;              // the host moved a parameter
  EXPECT_TRUE(e.paint(canvas));
  EXPECT_TRUE(m.calls.empty());   // and the editor did not echo it back as an edit

  e.set_scale(2.0f);
  EXPECT_EQ(e.size().width, 2 * preferred.width);
}

TEST(GenericEditor, PanelsGoUnderTheControlsAndRepaintWhenTheirVersionMoves) {
  FakeModel m;
  std::vector<ParamDescription> params;
  for (const auto& c : sample_controls()) {
    m.values[c.id] = 0.5;
    params.push_back({c, 0, 0.5});
  }
  std::uint64_t version = 0;
  int painted = 0;
  plinth::EditorHooks hooks;
  hooks.add_panel(100, [&](Canvas&, Rect, const Theme&, float) { ++painted; }, [&] { return version; });
  GenericEditor plain("Test", params, m);
  GenericEditor with_panel("Test", params, m, std::move(hooks.panels));
  // Controls sit where they would without the panel (a host computes them without it).
  ASSERT_EQ(plain.layout().controls.size(), with_panel.layout().controls.size());
  for (std::size_t i = 0; i < plain.layout().controls.size(); ++i) {
    EXPECT_EQ(plain.layout().controls[i].cell.x, with_panel.layout().controls[i].cell.x);
    EXPECT_EQ(plain.layout().controls[i].cell.y, with_panel.layout().controls[i].cell.y);
  }
  const Rect panels = with_panel.layout().panels;
  EXPECT_GE(panels.y, plain.layout().controls.back().cell.bottom());
  EXPECT_GE(panels.h, 100.0f);  // the panel and the gap after it
  EXPECT_GE(with_panel.size().height, plain.size().height + 100);

  Canvas canvas;
  EXPECT_TRUE(with_panel.paint(canvas));
  EXPECT_EQ(painted, 1);
  EXPECT_FALSE(with_panel.paint(canvas));
  version = 1;  // new data arrived for the panel
  EXPECT_TRUE(with_panel.paint(canvas));
  EXPECT_EQ(painted, 2);
}

TEST(GenericEditor, RoutesADragToTheControlUnderThePointer) {
  FakeModel m;
  std::vector<ParamDescription> params;
  for (const auto& c : sample_controls()) {
    m.values[c.id] = 0.5;
    params.push_back({c, 0, 0.5});
  }
  GenericEditor e("Test", params, m);
  const auto& placed = e.layout().controls[4];
  const float x = placed.cell.cx(), y = placed.cell.y + knob_centre_y;
  e.mouse_down(x, y, 1, {}, false);
  e.mouse_move(x + 300, y - 20, {});  // leaving the cell keeps the drag on its control
  e.mouse_up(x + 300, y - 20, 1);
  EXPECT_EQ(m.count('b'), 1);
  EXPECT_EQ(m.count('e'), 1);
  for (const auto& c : m.calls) EXPECT_EQ(c.id, sample_controls()[placed.index].id);
  EXPECT_GT(m.values[sample_controls()[placed.index].id], 0.5);
}

}  // namespace
