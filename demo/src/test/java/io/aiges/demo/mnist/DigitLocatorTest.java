package io.aiges.demo.mnist;

import io.aiges.api.ErrorCodes;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.Test;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What counts as the digit on a picture, and what is set aside: borders, frames, specks. */
class DigitLocatorTest {
    /** The seed without its one-pixel grey screenshot border: just the 7 on black. */
    private static final BufferedImage SEVEN = SeedImage.image().getSubimage(1, 1, 223, 222);

    @Test
    void theSeedsScreenshotBorderIsNotPartOfTheDigit() throws WrapperException {
        assertThat(meanDifference(tensor(SeedImage.image()), tensor(SEVEN))).isLessThan(0.005);
    }

    @Test
    void aPictureCroppedTightlyToTheStrokesIsAllDigit() throws WrapperException {
        int minX = SEVEN.getWidth(), minY = SEVEN.getHeight(), maxX = 0, maxY = 0;
        for (int y = 0; y < SEVEN.getHeight(); y++) {
            for (int x = 0; x < SEVEN.getWidth(); x++) {
                if (Pictures.luma(SEVEN.getRGB(x, y)) >= 0.1f) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        BufferedImage tight = SEVEN.getSubimage(minX, minY, maxX - minX + 1, maxY - minY + 1);

        assertThat(meanDifference(tensor(tight), tensor(SEVEN))).isLessThan(0.005);
    }

    @Test
    void aFrameDrawnAroundTheDigitIsNotPartOfIt() throws WrapperException {
        BufferedImage picture = Pictures.padded(SEVEN, 420, 380, 100, 70, Color.BLACK);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.LIGHT_GRAY);
        g.setStroke(new BasicStroke(3));
        g.drawRect(60, 40, 300, 290);
        g.dispose();

        assertThat(meanDifference(tensor(picture), tensor(SEVEN))).isLessThan(0.005);
    }

    @Test
    void linesAlongThePicturesEdgeAreNotPartOfTheDigit() throws WrapperException {
        BufferedImage picture = Pictures.padded(SEVEN, 300, 290, 40, 30, Color.BLACK);
        Graphics2D g = picture.createGraphics();
        // Separate lines, as a scanner's or a screenshot's edges leave them: no frame around the 7.
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 3, 200);
        g.fillRect(100, 287, 200, 3);
        g.dispose();

        assertThat(meanDifference(tensor(picture), tensor(SEVEN))).isLessThan(0.005);
    }

    @Test
    void specksAwayFromTheDigitAreIgnored() throws WrapperException {
        BufferedImage picture = Pictures.padded(SEVEN, 400, 400, 150, 20, Color.BLACK);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.WHITE);
        g.fillOval(20, 300, 5, 5);
        g.fillOval(60, 60, 4, 4);
        g.fillOval(380, 380, 6, 6);
        g.dispose();

        assertThat(meanDifference(tensor(picture), tensor(SEVEN))).isLessThan(0.005);
    }

    @Test
    void aDigitDrawnInSeparateStrokesKeepsThemAll() throws WrapperException {
        BufferedImage picture = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(12, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(60, 50, 140, 50);
        g.drawLine(60, 150, 140, 150);
        g.dispose();

        float[] tensor = tensor(picture);
        int[] inkPerRow = new int[28];
        for (int i = 0; i < tensor.length; i++) {
            inkPerRow[i / 28] += tensor[i] > 0.5f ? 1 : 0;
        }
        int firstRow = 0;
        while (inkPerRow[firstRow] == 0) {
            firstRow++;
        }
        // Both bars, a 20 px box apart: the upper at the top of the box, the lower at its bottom.
        assertThat(inkPerRow[firstRow + 1]).isPositive();
        assertThat(inkPerRow[firstRow + 10]).isZero();
        assertThat(inkPerRow[firstRow + 18]).isPositive();
    }

    @Test
    void faintNoiseAloneIsNoDigit() {
        BufferedImage picture = new BufferedImage(120, 90, BufferedImage.TYPE_BYTE_GRAY);
        SplittableRandom random = new SplittableRandom(7);
        for (int y = 0; y < 90; y++) {
            for (int x = 0; x < 120; x++) {
                picture.getRaster().setSample(x, y, 0, 200 + random.nextInt(12));
            }
        }

        assertThatThrownBy(() -> tensor(picture))
                .isInstanceOfSatisfying(WrapperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_DATA))
                .hasMessage("no digit found in the image");
    }

    private static float[] tensor(BufferedImage picture) throws WrapperException {
        return DigitImagePreprocessor.preprocess(Pictures.png(picture));
    }

    private static double meanDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
