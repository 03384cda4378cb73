n_layer = 12
n_head = 12
n_embd = 768
block_size = 1024
vocab_size = 50_304
gradient_accumulation_steps = 5 * 8
bias = False
out_dir = "out"
