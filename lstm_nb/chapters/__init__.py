"""The course's chapter modules (lessons 7 to 14): what each chapter defines for its own
experiments, apart from the reference core in `lstm_nb`. Nothing in the core imports them."""
