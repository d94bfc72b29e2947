# The Qwen3 forward pass of Inkstone, in the TorchScript dialect that torch.jit.load reads from the
# code/__torch__.py entry of a TorchScript archive. TorchScriptArchive.java packs this file, unchanged,
# into such an archive at run time (no Python involved); Qwen3Runtime.java loads it through DJL and calls
# its methods with weights and caches passed as lists of tensors.
#
# Dialect notes: every parameter is annotated; dtypes are plain ints (6 = float32, 15 = bfloat16,
# 5 = float16, 0 = uint8, 4 = int64, 11 = bool); `torch.x(...)` calls the ATen operator x.
#
# Shapes: B = sequences in the call, T = new tokens per sequence, L = cached positions attended to,
# H = hidden size, I = intermediate size, V = vocabulary rows, nq / nkv = query / key-value heads,
# d = head_dim, C = context length (cache capacity), R = cache rows (sequences the cache can hold).
#
# The weight list (built once by the loader):
#   [0] embedding    [V, H]  the compute dtype, or float32 when it doubles as the (tied) lm_head
#   [1] final norm   [H]
#   [2] lm_head      [V, H]  float32: logits are computed with an fp32 output (see prepare_head)
#   then 8 tensors per layer, at 3 + 8 * layer:
#   +0 input norm    [H]
#   +1 q|k|v fused   [(nq + 2 nkv) d, H]
#   +2 q norm        [d]
#   +3 k norm        [d]
#   +4 o_proj        [H, nq d]
#   +5 post-attention norm [H]
#   +6 gate|up fused [2 I, H]
#   +7 down_proj     [H, I]
# The cache list: 2 tensors per layer, keys then values, each [R, nkv, C, d], written in place.
# The rope list: cos and sin tables, each [C, d] in the compute dtype.

class Qwen3(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool

  def forward(self: __torch__.Qwen3,
      weights: List[Tensor],
      cache: List[Tensor],
      rope: List[Tensor],
      tokens: Tensor,
      starts: Tensor,
      row: int,
      num_heads: int,
      num_kv_heads: int,
      eps: float) -> Tensor:
    # Runs T new tokens of B sequences through the model, appending their keys and values to the cache,
    # and returns the logits after each sequence's last new token.
    #   tokens: [B, T] int64, token ids
    #   starts: [B] int64, the position of each sequence's first new token (= tokens already cached)
    #   row:    the cache row of the first sequence; sequence b uses row + b
    # returns [B, V] float32 logits, on the CPU
    embedding = weights[0]
    dtype = weights[4].dtype                                                # the compute dtype (of q|k|v)
    device = weights[4].device
    batch = tokens.size(0)
    count = tokens.size(1)
    tokens = torch.to(tokens, device)
    starts = torch.to(starts, device)
    head_dim = weights[5].size(0)
    positions = torch.add(torch.view(starts, [batch, 1]), torch.view(torch.arange(count, device=device), [1, count]))  # [B, T]
    attend = int(torch.max(positions)) + 1                                  # L: keys 0 .. L-1 exist after this call
    cos = torch.view(torch.index_select(rope[0], 0, torch.flatten(positions)), [batch, count, 1, head_dim])  # [B, T, 1, d]
    sin = torch.view(torch.index_select(rope[1], 0, torch.flatten(positions)), [batch, count, 1, head_dim])  # [B, T, 1, d]
    # where the new keys/values go: cache[row + b, :, positions[b, t], :]
    write_at = annotate(List[Optional[Tensor]], [torch.view(torch.arange(batch, device=device), [batch, 1]), None, positions])
    mask : Optional[Tensor] = None
    if count > 1 or batch > 1:
      key_positions = torch.view(torch.arange(attend, device=device), [1, 1, attend])          # [1, 1, L]
      mask = torch.unsqueeze(torch.le(key_positions, torch.unsqueeze(positions, 2)), 1)       # [B, 1, T, L] bool, True = attend
    x = torch.to(torch.embedding(embedding, tokens), dtype)                # [B, T, H]
    layers = (len(weights) - 3) // 8
    for layer in range(layers):
      w = 3 + 8 * layer
      keys = torch.narrow(cache[2 * layer], 0, row, batch)                  # [B, nkv, C, d] view of the cache
      values = torch.narrow(cache[2 * layer + 1], 0, row, batch)            # [B, nkv, C, d]
      h = self.rms_norm(x, weights[w], eps)                                 # [B, T, H]
      h = self.attention(h, weights[w + 1], weights[w + 2], weights[w + 3], weights[w + 4], keys, values,
                         cos, sin, write_at, mask, attend, num_heads, num_kv_heads, eps)  # [B, T, H]
      x = torch.add(x, h)
      h = self.rms_norm(x, weights[w + 5], eps)                             # [B, T, H]
      x = torch.add(x, self.mlp(h, weights[w + 6], weights[w + 7]))
    last = torch.select(x, 1, count - 1)                                    # [B, H]
    normed = self.rms_norm(last, weights[1], eps)                           # [B, H]
    logits = torch.linear(torch.to(normed, 6), weights[2])                  # [B, V] float32
    return torch.to(logits, torch.device("cpu"))

  def attention(self: __torch__.Qwen3,
      x: Tensor,
      qkv_weight: Tensor,
      q_norm: Tensor,
      k_norm: Tensor,
      o_weight: Tensor,
      keys: Tensor,
      values: Tensor,
      cos: Tensor,
      sin: Tensor,
      write_at: List[Optional[Tensor]],
      mask: Optional[Tensor],
      attend: int,
      num_heads: int,
      num_kv_heads: int,
      eps: float) -> Tensor:
    # Grouped-query self-attention over the cached positions plus the new ones.
    #   x: [B, T, H]; keys, values: [B, nkv, C, d] (written in place); cos, sin: [B, T, 1, d]
    #   mask: [B, 1, T, L] bool or None (one token of one sequence sees every cached position)
    # returns [B, T, H]
    batch = x.size(0)
    count = x.size(1)
    head_dim = q_norm.size(0)
    qkv = torch.linear(x, qkv_weight)                                       # [B, T, (nq + 2 nkv) d]
    q = torch.view(torch.narrow(qkv, 2, 0, num_heads * head_dim), [batch, count, num_heads, head_dim])                 # [B, T, nq, d]
    k = torch.view(torch.narrow(qkv, 2, num_heads * head_dim, num_kv_heads * head_dim), [batch, count, num_kv_heads, head_dim])  # [B, T, nkv, d]
    v = torch.view(torch.narrow(qkv, 2, (num_heads + num_kv_heads) * head_dim, num_kv_heads * head_dim), [batch, count, num_kv_heads, head_dim])  # [B, T, nkv, d]
    q = self.rotate(self.rms_norm(q, q_norm, eps), cos, sin)                # [B, T, nq, d]: per-head norm, then RoPE
    k = self.rotate(self.rms_norm(k, k_norm, eps), cos, sin)                # [B, T, nkv, d]
    torch.index_put_(keys, write_at, k)                                     # keys[b, :, positions[b, t]] = k[b, t]
    torch.index_put_(values, write_at, v)
    attended = torch.scaled_dot_product_attention(
        torch.transpose(q, 1, 2),                                           # [B, nq, T, d]
        torch.narrow(keys, 2, 0, attend),                                   # [B, nkv, L, d]
        torch.narrow(values, 2, 0, attend),                                 # [B, nkv, L, d]
        mask, 0.0, False,
        scale=float(head_dim) ** -0.5,
        enable_gqa=True)                                                    # [B, nq, T, d]; query head h reads kv head h // (nq / nkv)
    merged = torch.reshape(torch.transpose(attended, 1, 2), [batch, count, num_heads * head_dim])  # [B, T, nq d]
    return torch.linear(merged, o_weight)                                   # [B, T, H]

  def mlp(self: __torch__.Qwen3, x: Tensor, gate_up_weight: Tensor, down_weight: Tensor) -> Tensor:
    # down(silu(gate(x)) * up(x)); x: [B, T, H], returns [B, T, H]
    gate_up = torch.linear(x, gate_up_weight)                               # [B, T, 2 I]
    inner = down_weight.size(1)
    gate = torch.narrow(gate_up, -1, 0, inner)                              # [B, T, I]
    up = torch.narrow(gate_up, -1, inner, inner)                            # [B, T, I]
    return torch.linear(torch.mul(torch.silu(gate), up), down_weight)       # [B, T, H]

  def rms_norm(self: __torch__.Qwen3, x: Tensor, weight: Tensor, eps: float) -> Tensor:
    # weight * x / sqrt(mean(x^2) + eps) over the last dimension, the statistics in float32 and the
    # result rounded to x's dtype before the weight multiplies it (Hugging Face's Qwen3RMSNorm).
    #   x: [..., n]; weight: [n]; returns [..., n] in x's dtype
    wide = torch.to(x, 6)                                                   # [..., n] float32
    variance = torch.mean(torch.mul(wide, wide), [-1], True)                # [..., 1]
    normed = torch.mul(wide, torch.rsqrt(torch.add(variance, eps)))         # [..., n]
    return torch.mul(weight, torch.to(normed, x.dtype))

  def rotate(self: __torch__.Qwen3, x: Tensor, cos: Tensor, sin: Tensor) -> Tensor:
    # NeoX-style rotary embedding: pairs (i, i + d/2) rotate together ("rotate_half").
    #   x: [B, T, heads, d]; cos, sin: [B, T, 1, d]; returns [B, T, heads, d]
    half = x.size(3) // 2
    rotated = torch.cat([torch.neg(torch.narrow(x, 3, half, half)), torch.narrow(x, 3, 0, half)], 3)  # [B, T, heads, d]
    return torch.add(torch.mul(x, cos), torch.mul(rotated, sin))

  # ---- loading -------------------------------------------------------------------------------------

  def map_tensor(self: __torch__.Qwen3, path: str, offset: int, length: int, dtype: int, shape: List[int]) -> Tensor:
    # The tensor stored at bytes [offset, offset + length) of a safetensors file, as a view of a private,
    # lazy memory map of the file (nothing is read until used). A tensor whose offset is not a multiple
    # of its element size cannot be viewed in place and is copied.
    #   returns `shape` in `dtype` (float32, bfloat16 or float16, as stored)
    element_bytes = 4 if dtype == 6 else 2
    if offset % element_bytes == 0:
      mapped = torch.from_file(path, False, (offset + length) // element_bytes, dtype=dtype)   # [elements up to the tensor's end]
      flat = torch.narrow(mapped, 0, offset // element_bytes, length // element_bytes)         # [numel]
    else:
      raw = torch.from_file(path, False, offset + length, dtype=0)                               # [bytes] uint8
      flat = torch.view_copy(torch.clone(torch.narrow(raw, 0, offset, length)), dtype=dtype)    # [numel], copied
    return torch.view(flat, shape)

  def prepare_layer(self: __torch__.Qwen3, hf: List[Tensor], dtype: int, device: str) -> List[Tensor]:
    # One decoder layer in compute form, from its 11 Hugging Face tensors in this order: input norm, q, k,
    # v, o, q norm, k norm, post-attention norm, gate, up, down. q/k/v and gate/up are fused (copied);
    # tensors already in the compute dtype on the CPU stay views of the memory map.
    # returns the 8 layer entries of the weight list (see the top of this file)
    target = torch.device(device)
    return [torch.to(hf[0], target, dtype),
            torch.to(torch.cat([hf[1], hf[2], hf[3]], 0), target, dtype),  # [(nq + 2 nkv) d, H]
            torch.to(hf[5], target, dtype),
            torch.to(hf[6], target, dtype),
            torch.to(hf[4], target, dtype),
            torch.to(hf[7], target, dtype),
            torch.to(torch.cat([hf[8], hf[9]], 0), target, dtype),         # [2 I, H]
            torch.to(hf[10], target, dtype)]

  def prepare_head(self: __torch__.Qwen3, embedding: Tensor, final_norm: Tensor, lm_head: Tensor, tied: bool, dtype: int, device: str) -> List[Tensor]:
    # The first 3 entries of the weight list. The last GEMM has a float32 output (bf16 logits would have a
    # 1/64 quantum at |logit| in [2, 4) and tie), so lm_head is held in float32. Tied (lm_head is the
    # embedding): the float32 copy also serves the embedding lookups, whose rows convert back to the
    # compute dtype exactly.
    target = torch.device(device)
    head = torch.to(lm_head, target, 6)                                     # [V, H] float32
    if tied:
      return [head, torch.to(final_norm, target, dtype), head]
    return [torch.to(embedding, target, dtype), torch.to(final_norm, target, dtype), head]

  def new_cache(self: __torch__.Qwen3, layers: int, rows: int, kv_heads: int, capacity: int, head_dim: int, dtype: int, device: str) -> List[Tensor]:
    # Zeroed key and value caches: 2 per layer, each [R, nkv, C, d].
    out = annotate(List[Tensor], [])
    for i in range(2 * layers):
      out.append(torch.zeros([rows, kv_heads, capacity, head_dim], dtype=dtype, device=torch.device(device)))
    return out

  def rope_tables(self: __torch__.Qwen3, theta: float, head_dim: int, capacity: int, dtype: int, device: str) -> List[Tensor]:
    # cos and sin of position * theta^(-2i/d) for i < d/2, repeated for both halves, computed in float64
    # and rounded once to the compute dtype. Returns [cos, sin], each [C, d].
    exponents = torch.div(torch.arange(0, head_dim, 2, dtype=7), float(head_dim))            # [d/2] float64
    inverse_frequency = torch.reciprocal(torch.pow(theta, exponents))                         # [d/2]
    angles = torch.outer(torch.arange(capacity, dtype=7), inverse_frequency)                  # [C, d/2]
    both = torch.cat([angles, angles], 1)                                                     # [C, d]
    target = torch.device(device)
    return [torch.to(torch.cos(both), target, dtype), torch.to(torch.sin(both), target, dtype)]
