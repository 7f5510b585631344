namespace Course.Labs;
