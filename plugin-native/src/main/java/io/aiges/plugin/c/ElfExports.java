package io.aiges.plugin.c;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The names a 64-bit ELF shared library exports: the defined symbols of its {@code .dynsym},
 * what {@code nm -D --defined-only} lists. Used only to explain a failed start-up (C++ names
 * where C names were expected), so it reads by itself rather than needing binutils on the
 * server, and answers an empty list for anything it does not understand instead of failing.
 */
final class ElfExports {
    /** 0x7f 'E' 'L' 'F', read in the buffer's initial big-endian order. */
    private static final int ELF_MAGIC = 0x7f454c46;
    private static final int SHT_DYNSYM = 11;
    private static final int SECTION_HEADER_SIZE = 64;
    private static final int SYMBOL_SIZE = 24;
    /** Far beyond any engine library's symbol table: bounds what a damaged file makes us read. */
    private static final long MAX_FILE = 1L << 31;

    private ElfExports() {
    }

    /** The library's defined dynamic symbols, in table order; empty when it is not a readable ELF64 file. */
    static List<String> of(Path library) {
        try (FileChannel file = FileChannel.open(library, StandardOpenOption.READ)) {
            if (file.size() > MAX_FILE) {
                return List.of();
            }
            ByteBuffer elf = file.map(FileChannel.MapMode.READ_ONLY, 0, file.size());
            return symbols(elf);
        } catch (IOException | RuntimeException e) {
            return List.of(); // a hint we cannot give, not a second failure
        }
    }

    private static List<String> symbols(ByteBuffer elf) {
        boolean elf64 = elf.limit() > 64 && elf.getInt(0) == ELF_MAGIC && elf.get(4) == 2;
        if (!elf64) {
            return List.of();
        }
        elf.order(elf.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long sectionsAt = elf.getLong(0x28);
        int sectionCount = Short.toUnsignedInt(elf.getShort(0x3c));
        for (int i = 0; i < sectionCount; i++) {
            int header = Math.toIntExact(sectionsAt + (long) i * SECTION_HEADER_SIZE);
            if (elf.getInt(header + 4) == SHT_DYNSYM) {
                int strings = Math.toIntExact(sectionsAt + (long) elf.getInt(header + 40) * SECTION_HEADER_SIZE);
                return names(elf, Math.toIntExact(elf.getLong(header + 24)), Math.toIntExact(elf.getLong(header + 32)),
                        Math.toIntExact(elf.getLong(strings + 24)));
            }
        }
        return List.of();
    }

    private static List<String> names(ByteBuffer elf, int table, int tableSize, int strings) {
        List<String> names = new ArrayList<>();
        for (int symbol = table; symbol + SYMBOL_SIZE <= table + tableSize; symbol += SYMBOL_SIZE) {
            boolean defined = elf.getShort(symbol + 6) != 0; // st_shndx: 0 is SHN_UNDEF, an import
            int name = elf.getInt(symbol);
            if (defined && name != 0) {
                names.add(string(elf, strings + name));
            }
        }
        return names;
    }

    private static String string(ByteBuffer elf, int at) {
        int end = at;
        while (elf.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        elf.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
