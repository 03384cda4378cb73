# nanoGPT-style training config of the GPT-2 1.36B comparison model (the original
# tool's config/full_gpt2_1.36b.py); llmcost reads the model's `name = literal` lines.
# Same architecture as gpt2_1.36b.json.

out_dir = 'out-gpt2-1.36b'
wandb_log = False

# model
n_layer = 26
n_head = 16
n_embd = 2048
block_size = 2048
vocab_size = 50304  # GPT-2's 50257 padded to a multiple of 64
bias = True
dropout = 0.0

# training (not read by llmcost)
batch_size = 8
gradient_accumulation_steps = 64
learning_rate = 3e-4
max_iters = 60_000
