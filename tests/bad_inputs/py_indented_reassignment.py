n_layer = 12
n_head = 12
n_embd = 768
block_size = 1024
vocab_size = 50304
if True:
    n_layer = 24
