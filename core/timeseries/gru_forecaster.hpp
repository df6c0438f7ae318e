#pragma once
// The small deep forecaster of SCIENCE.md 13.2 [D]: one univariate GRU shared by all channels
// (channel independence), direct multi-step with a Gaussian head. From a context of the last C
// values y_{t-C+1..t} of one channel: h = GRU(1 -> N) final state, o = V h + v (2H outputs),
//   mean_h = y_t + o_h,   sd_h = softplus(o_{H+h}) + 1e-3,   h = 1..H,
// trained on the Gaussian NLL mean over leads and batch, log sd + (y - mean)^2 / (2 sd^2), by Adam
// with cosine-decayed learning rate on random (origin, channel) pairs of a training segment.
#include <cstdint>
#include <functional>
#include <vector>

#include "timeseries/gaussian_forecast.hpp"
#include "optim/adam.hpp"
#include "timeseries/gru.hpp"

namespace rnnbook {

struct GruForecasterSettings {
  int context = 70;   // C frames of input (2 s at 35 Hz)
  int hidden = 32;    // N
  int horizon = 70;   // H leads
  int steps = 800;    // Adam steps
  int batch = 64;     // (origin, channel) pairs per step
  double lr = 3e-3;   // peak learning rate, cosine-decayed to 0 over `steps`
};

struct GruForecaster {
  GruWeights gru;
  Eigen::MatrixXd V;  // 2H x N
  Eigen::VectorXd v;  // 2H

  int horizon() const { return int(v.size() / 2); }
  Eigen::Index size() const { return gru.size() + V.size() + v.size(); }
  void write_to(Eigen::Ref<Eigen::VectorXd> flat) const;
  void read_from(const Eigen::Ref<const Eigen::VectorXd>& flat);
  // GRU as GruWeights::uniform; the head U(-1/sqrt N, 1/sqrt N), as PyTorch's nn.Linear.
  static GruForecaster initial(const GruForecasterSettings& s, Rng& rng);
};

// Contexts (C x B: column b is one channel's last C values, oldest first) and, for training, the
// futures (H x B). The loss (mean NLL) and, with grad, its gradient with respect to the parameters
// (flat, as write_to). means / sds, if given, receive the predictive (H x B).
double gru_forecast_loss(const GruForecaster& model, const Eigen::Ref<const Eigen::MatrixXd>& contexts,
                         const Eigen::Ref<const Eigen::MatrixXd>& futures, Eigen::VectorXd* grad = nullptr);
void gru_predict(const GruForecaster& model, const Eigen::Ref<const Eigen::MatrixXd>& contexts, Eigen::MatrixXd& means,
                 Eigen::MatrixXd& sds);

// Adam on random (origin, channel) batches of y (T x channels, z units), one step at a time (for
// experiments that report progress between chunks). Origins t have t - C + 1 >= first and t + H < end;
// the series is copied. Throws rnnbook::Error if the segment has no origin.
class GruTrainer {
 public:
  GruTrainer(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first, Eigen::Index end,
             const GruForecasterSettings& s, std::uint64_t seed);
  double step();  // one Adam step (cosine-decayed rate); returns the batch loss before it
  int steps_done() const { return k_; }
  const GruForecaster& model() const { return model_; }

 private:
  Eigen::MatrixXd y_;
  GruForecasterSettings s_;
  Eigen::Index lo_, hi_;
  Rng rng_;
  GruForecaster model_;
  Eigen::VectorXd theta_, grad_;
  Adam adam_;
  Eigen::MatrixXd contexts_, futures_;
  int k_ = 0;
};

// Trains on y (T x channels, z units), origins t with t - C + 1 >= first and t + H < end.
// progress(step, loss) is called after every step; returning false stops training early.
// Throws rnnbook::Error if the segment has no origin.
GruForecaster train_gru_forecaster(const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index first, Eigen::Index end,
                                   const GruForecasterSettings& s, std::uint64_t seed,
                                   const std::function<bool(int, double)>& progress = {});

// The predictive of every channel from origin t (its last C values end at row t of y): H x channels.
GaussianForecast gru_forecast(const GruForecaster& model, const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index t,
                              int context);

}  // namespace rnnbook
