namespace Course.Notebooks;
