//! The arithmetic of the return's charts: a value axis rounded up to a whole step, a linear
//! scale from values to the drawing's coordinates, and equal bands for bars and points. Pure
//! and without any notion of SVG, so that it can be tested on its own; `charts.rs` lays the
//! charts out with it.

/// A coordinate as the SVG writes it: to a tenth of a unit, so that the markup stays short and
/// the same figures always give the same drawing.
pub fn tenth(v: f64) -> f64 {
    let rounded = (v * 10.0).round() / 10.0;
    // -0.0 would be written "-0".
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// A value axis from 0 to `max`, marked every `step`. The step is 1, 2 or 5 times a power of
/// ten, and never below 1: every figure charted is a count or a number of working days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    pub max: f64,
    pub step: f64,
}

impl Axis {
    /// The axis for values up to `largest`, with at most about `most_ticks` steps. Nothing to
    /// show (0, negative or not a number) gives an axis of 0 to 1.
    pub fn for_max(largest: f64, most_ticks: usize) -> Axis {
        if !largest.is_finite() || largest <= 0.0 {
            return Axis {
                max: 1.0,
                step: 1.0,
            };
        }
        let raw = largest / most_ticks.max(1) as f64;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw - 1e-9)
            .unwrap_or(10.0 * magnitude)
            .max(1.0);
        // A value exactly on a step needs no step more (a tiny error of division aside).
        let steps = (largest / step - 1e-9).ceil().max(1.0);
        Axis {
            max: steps * step,
            step,
        }
    }

    /// The marks: 0, one step, two steps, and so on to the top.
    pub fn ticks(&self) -> Vec<f64> {
        let count = (self.max / self.step).round() as usize;
        (0..=count).map(|i| i as f64 * self.step).collect()
    }
}

/// A linear map from values 0 to `max` onto coordinates `start` to `end` (`end` may be below
/// `start`, as a vertical axis drawn upwards is). Values outside are held to the ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub max: f64,
    pub start: f64,
    pub end: f64,
}

impl Scale {
    pub fn new(axis: Axis, start: f64, end: f64) -> Scale {
        Scale {
            max: axis.max,
            start,
            end,
        }
    }

    /// Where `value` falls.
    pub fn at(&self, value: f64) -> f64 {
        let share = if self.max > 0.0 {
            (value / self.max).clamp(0.0, 1.0)
        } else {
            0.0
        };
        tenth(self.start + share * (self.end - self.start))
    }

    /// How long a bar from 0 to `value` is.
    pub fn length(&self, value: f64) -> f64 {
        tenth((self.at(value) - self.start).abs())
    }
}

/// `count` equal bands between `start` and `end`: the places along an axis of the points of
/// a line, each in the middle of its band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bands {
    pub count: usize,
    pub start: f64,
    pub end: f64,
}

impl Bands {
    /// A band's size.
    pub fn step(&self) -> f64 {
        (self.end - self.start) / self.count.max(1) as f64
    }

    /// The middle of band `i`.
    pub fn centre(&self, i: usize) -> f64 {
        tenth(self.start + self.step() * (i as f64 + 0.5))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_round_up_to_a_step_of_one_two_or_five() {
        assert_eq!(
            Axis::for_max(14.0, 5),
            Axis {
                max: 15.0,
                step: 5.0
            }
        );
        assert_eq!(
            Axis::for_max(146.0, 5),
            Axis {
                max: 150.0,
                step: 50.0
            }
        );
        assert_eq!(
            Axis::for_max(100.0, 5),
            Axis {
                max: 100.0,
                step: 20.0
            }
        );
        assert_eq!(
            Axis::for_max(94_940.0, 5),
            Axis {
                max: 100_000.0,
                step: 20_000.0
            }
        );
        assert_eq!(
            Axis::for_max(3.0, 5),
            Axis {
                max: 3.0,
                step: 1.0
            }
        );
        // Averages under a day still step by whole days.
        assert_eq!(
            Axis::for_max(0.4, 5),
            Axis {
                max: 1.0,
                step: 1.0
            }
        );
        // Nothing to chart.
        assert_eq!(
            Axis::for_max(0.0, 5),
            Axis {
                max: 1.0,
                step: 1.0
            }
        );
        assert_eq!(
            Axis::for_max(f64::NAN, 5),
            Axis {
                max: 1.0,
                step: 1.0
            }
        );
    }

    #[test]
    fn every_axis_holds_its_largest_value_and_is_marked_from_zero() {
        for largest in [1.0, 7.0, 9.9, 10.0, 11.0, 61.0, 999.0, 1001.0, 151_538.0] {
            let axis = Axis::for_max(largest, 5);
            assert!(axis.max >= largest, "{largest}");
            let ticks = axis.ticks();
            assert_eq!(ticks[0], 0.0);
            assert_eq!(ticks.last().copied(), Some(axis.max));
            assert!(ticks.len() <= 11, "{largest}: {ticks:?}");
        }
        assert_eq!(Axis::for_max(14.0, 5).ticks(), [0.0, 5.0, 10.0, 15.0]);
    }

    #[test]
    fn scales_map_values_onto_the_drawing_and_hold_to_its_ends() {
        let across = Scale::new(Axis::for_max(14.0, 5), 10.0, 310.0);
        assert_eq!(across.at(0.0), 10.0);
        assert_eq!(across.at(15.0), 310.0);
        assert_eq!(across.at(7.5), 160.0);
        assert_eq!(across.length(7.5), 150.0);
        assert_eq!(across.at(20.0), 310.0);
        assert_eq!(across.at(-1.0), 10.0);
        // Upwards: 0 at the bottom.
        let up = Scale::new(
            Axis {
                max: 10.0,
                step: 2.0,
            },
            200.0,
            0.0,
        );
        assert_eq!(up.at(0.0), 200.0);
        assert_eq!(up.at(10.0), 0.0);
        assert_eq!(up.at(2.5), 150.0);
        assert_eq!(up.length(2.5), 50.0);
    }

    #[test]
    fn bands_share_the_space_equally_with_each_point_in_the_middle_of_its_own() {
        let bands = Bands {
            count: 4,
            start: 0.0,
            end: 400.0,
        };
        assert_eq!(bands.step(), 100.0);
        assert_eq!(bands.centre(0), 50.0);
        assert_eq!(bands.centre(3), 350.0);
        // No bands: nothing divides by nought.
        let none = Bands {
            count: 0,
            start: 0.0,
            end: 400.0,
        };
        assert_eq!(none.step(), 400.0);
    }

    #[test]
    fn coordinates_are_written_to_a_tenth() {
        assert_eq!(tenth(12.345), 12.3);
        assert_eq!(tenth(0.1 + 0.2), 0.3);
        assert_eq!(tenth(-0.01), 0.0);
        assert_eq!(tenth(-0.01).to_string(), "0");
    }
}
