// The editor view through the ABI, without a display: what createView answers, the
// platform types, sizes and their limits, scaling, keys, and attached() refusing what it
// cannot drive (on Linux no frame, so no run loop; on Windows a parent that is no window;
// another platform's type; a null parent).
#include <gtest/gtest.h>

#include "gain_fixture.h"
#include "plinth/host/com.h"

namespace {

namespace abi = plinth::abi;
namespace host = plinth::host;
namespace test = plinth::test;
using plinth::host::ComPtr;

// This platform's type and the other one's.
#ifdef _WIN32
constexpr const char* own_type = abi::kPlatformTypeHwnd;
constexpr const char* other_type = abi::kPlatformTypeX11EmbedWindowId;
#else
constexpr const char* own_type = abi::kPlatformTypeX11EmbedWindowId;
constexpr const char* other_type = abi::kPlatformTypeHwnd;
#endif

ComPtr<abi::IPlugView> open_view(const test::LoadedGain& g) {
  return ComPtr<abi::IPlugView>(g.plugin->controller()->create_view(abi::kEditorViewType));
}

TEST(EditorView, CreateViewAnswersEditorOnly) {
  auto g = test::load_gain();
  ASSERT_TRUE(g.plugin);
  EXPECT_EQ(g.plugin->controller()->create_view("somethingelse"), nullptr);
  EXPECT_EQ(g.plugin->controller()->create_view(nullptr), nullptr);
  auto view = open_view(g);
  ASSERT_TRUE(view);
  auto again = open_view(g);  // each call a view of its own
  EXPECT_NE(view.get(), again.get());
}

TEST(EditorView, PlatformTypesAndKeys) {
  auto g = test::load_gain();
  auto view = open_view(g);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->is_platform_type_supported(own_type), abi::kResultTrue);
  EXPECT_EQ(view->is_platform_type_supported(other_type), abi::kResultFalse);
  EXPECT_EQ(view->is_platform_type_supported(abi::kPlatformTypeNsView), abi::kResultFalse);
  EXPECT_EQ(view->is_platform_type_supported(nullptr), abi::kResultFalse);
  // Keys stay the host's.
  EXPECT_EQ(view->on_key_down(u'a', 0, 0), abi::kResultFalse);
  EXPECT_EQ(view->on_key_up(u'a', 0, 0), abi::kResultFalse);
}

TEST(EditorView, AttachedRefusesWhatItCannotDrive) {
  auto g = test::load_gain();
  auto view = open_view(g);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->removed(), abi::kResultFalse);  // nothing attached yet
  EXPECT_NE(view->attached(nullptr, own_type), abi::kResultOk);
  EXPECT_NE(view->attached(reinterpret_cast<void*>(std::uintptr_t{1}), other_type), abi::kResultOk);
  // Linux: no frame, so no run loop (the window would never be driven). Windows: 1 is no
  // window's handle.
  EXPECT_EQ(view->attached(reinterpret_cast<void*>(std::uintptr_t{1}), own_type), abi::kResultFalse);
  EXPECT_EQ(view->removed(), abi::kResultFalse);  // still nothing attached
}

TEST(EditorView, SizesScaleAndStayWithinLimits) {
  auto g = test::load_gain();
  auto view = open_view(g);
  ASSERT_TRUE(view);
  abi::ViewRect size{};
  ASSERT_EQ(view->get_size(&size), abi::kResultOk);
  EXPECT_GT(size.width(), 100);
  EXPECT_GT(size.height(), 100);
  EXPECT_EQ(view->get_size(nullptr), abi::kInvalidArgument);
  EXPECT_EQ(view->can_resize(), abi::kResultTrue);

  abi::ViewRect tiny{10, 20, 11, 21};
  ASSERT_EQ(view->check_size_constraint(&tiny), abi::kResultOk);
  EXPECT_EQ(tiny.left, 10);  // the origin is kept
  EXPECT_EQ(tiny.top, 20);
  EXPECT_GE(tiny.width(), size.width() / 2);
  EXPECT_GE(tiny.height(), size.height() / 2);
  abi::ViewRect huge{0, 0, 100000, 100000};
  ASSERT_EQ(view->check_size_constraint(&huge), abi::kResultOk);
  EXPECT_LE(huge.width(), 2400);

  // on_size before attached just takes the size.
  abi::ViewRect wider{0, 0, size.width() + 100, size.height() + 50};
  ASSERT_EQ(view->on_size(&wider), abi::kResultOk);
  abi::ViewRect now{};
  view->get_size(&now);
  EXPECT_EQ(now.width(), wider.width());
  EXPECT_EQ(now.height(), wider.height());

  auto scaling = host::query<abi::IPlugViewContentScaleSupport>(view.get());
  ASSERT_TRUE(scaling);
  auto fresh = open_view(g);
  auto fresh_scaling = host::query<abi::IPlugViewContentScaleSupport>(fresh.get());
  ASSERT_TRUE(fresh_scaling);
  EXPECT_EQ(fresh_scaling->set_content_scale_factor(2.0f), abi::kResultOk);
  abi::ViewRect doubled{};
  fresh->get_size(&doubled);
  EXPECT_NEAR(doubled.width(), 2 * size.width(), 2);
  EXPECT_NEAR(doubled.height(), 2 * size.height(), 2);
  EXPECT_EQ(fresh_scaling->set_content_scale_factor(0.0f), abi::kResultFalse);
  EXPECT_EQ(fresh_scaling->set_content_scale_factor(100.0f), abi::kResultFalse);
}

TEST(EditorView, OutlivesNothingItShouldNot) {
  // The view holds the controller: released last, the controller goes with it.
  auto g = test::load_gain();
  auto view = open_view(g);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->set_frame(nullptr), abi::kResultOk);
  view.reset();
  EXPECT_GT(g.plugin->parameters().size(), 0u);  // the controller still answers
}

}  // namespace
