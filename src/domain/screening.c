/* screening.c: see screening.h. */
#include "screening.h"
#include <math.h>

const char *const screening_fields[4] = {"personnel_screened", "screened_out", "people_to_train", "people_trained"};

static int in_range(int64_t n) { return n == -1 || (n >= 0 && n <= SCREENING_COUNT_MAX); }

size_t screening_check(const struct screening_figures *f, struct screening_problem *problems, size_t max)
{
	const int64_t counts[4] = {f->screened, f->screened_out, f->to_train, f->trained};
	size_t n = 0;
	for (int i = 0; i < 4; i++)
		if (!in_range(counts[i])) {
			if (n < max)
				problems[n] = (struct screening_problem){screening_fields[i], "out_of_range",
					"Enter a whole number from 0 to 10000000, or leave it empty when it is not known."};
			n++;
		}
	if (in_range(f->screened) && in_range(f->screened_out) && f->screened >= 0 && f->screened_out > f->screened) {
		if (n < max)
			problems[n] = (struct screening_problem){"screened_out", "more_than_screened",
				"Screened out counts people among those screened: it cannot be more than personnel screened."};
		n++;
	}
	if (in_range(f->to_train) && in_range(f->trained) && f->to_train >= 0 && f->trained > f->to_train) {
		if (n < max)
			problems[n] = (struct screening_problem){"people_trained", "more_than_to_train",
				"People trained counts people among those to train: it cannot be more than people to train."};
		n++;
	}
	return n;
}

int screening_year_ok(int64_t year, int this_year) { return year >= SCREENING_FIRST_YEAR && year <= this_year; }

static double percent(int64_t part, int64_t whole)
{
	if (part < 0 || whole <= 0)
		return -1;
	return round(1000.0 * (double)part / (double)whole) / 10.0;
}

double screening_training_percent(const struct screening_figures *f) { return percent(f->trained, f->to_train); }
double screening_out_percent(const struct screening_figures *f) { return percent(f->screened_out, f->screened); }
