n_layer = int(12)
