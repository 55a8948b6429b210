// Sample-accurate parameter changes passed in and out of process().
#pragma once

#include "plinth/abi/base.h"

namespace plinth::abi {

// The points of one parameter within a block. Slots 3..6.
struct IParamValueQueue : FUnknown {
  virtual ParamId get_parameter_id() = 0;
  virtual std::int32_t get_point_count() = 0;
  virtual tresult get_point(std::int32_t index, std::int32_t& sample_offset, ParamValue& value) = 0;
  virtual tresult add_point(std::int32_t sample_offset, ParamValue value, std::int32_t& index) = 0;

  static constexpr Iid iid = make_iid(0x01263A18, 0xED074F6F, 0x98C9D356, 0x4686F9BA);

protected:
  ~IParamValueQueue() = default;
};

// All changed parameters of a block, one queue each. Slots 3..5.
struct IParameterChanges : FUnknown {
  virtual std::int32_t get_parameter_count() = 0;
  virtual IParamValueQueue* get_parameter_data(std::int32_t index) = 0;
  virtual IParamValueQueue* add_parameter_data(const ParamId& id, std::int32_t& index) = 0;

  static constexpr Iid iid = make_iid(0xA4779663, 0x0BB64A56, 0xB44384A8, 0x466FEB9D);

protected:
  ~IParameterChanges() = default;
};

}  // namespace plinth::abi
